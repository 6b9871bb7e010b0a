"""The navigation asks whether the user is on a team once per request, not once per link."""

import pytest

from tests.factories import ApplicationFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db


def test_on_a_team_is_asked_once_per_user_object(reviewer, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert reviewer.on_a_team is False
        assert reviewer.on_a_team is False


def test_a_reviewer_on_a_team_sees_my_applications_and_my_awards(client, reviewer):
    TeamMemberFactory(team=ApplicationFactory().team, user=reviewer)
    client.force_login(reviewer)
    page = client.get("/").content.decode()
    assert 'href="/applications/"' in page and 'href="/awards/"' in page


def test_a_reviewer_on_no_team_sees_neither(client, reviewer):
    client.force_login(reviewer)
    page = client.get("/").content.decode()
    assert 'href="/applications/"' not in page and 'href="/awards/"' not in page
