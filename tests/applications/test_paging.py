"""Lists sort ids first and load only the page's rows: the same rows, order and counts as before."""

import pytest
from django.urls import reverse

from applications.enums import ApplicationStatus, TeamPermission
from tests.factories import ApplicationFactory, CallFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sixty_and_hidden(applicant):
    """Sixty of the applicant's applications over two calls, and ten of other teams' drafts."""
    early, late = CallFactory(), CallFactory()
    late.closes_at = early.closes_at.replace(year=early.closes_at.year + 1)
    late.save(update_fields=["closes_at"])
    mine = []
    for i in range(60):
        application = ApplicationFactory(team__call=late if i % 2 else early)
        TeamMemberFactory(team=application.team, user=applicant, permission=TeamPermission.EDITOR)
        mine.append(application)
    for _ in range(10):
        ApplicationFactory(team__call=early, status=ApplicationStatus.DRAFT)
    # the order of the list: the earlier deadline first, then by id
    mine.sort(key=lambda a: (a.call.closes_at, a.pk))
    return [a.pk for a in mine]


def test_the_pages_hold_the_sorted_rows_the_user_may_see(client, applicant, sixty_and_hidden):
    client.force_login(applicant)
    first = client.get(reverse("application-list"))
    second = client.get(reverse("application-list"), {"page": 2})
    assert first.context["page"].paginator.count == 60
    assert [a.pk for a in first.context["applications"]] == sixty_and_hidden[:50]
    assert [a.pk for a in second.context["applications"]] == sixty_and_hidden[50:]


def test_the_api_pages_hold_the_same_rows_and_follow_the_ordering(
    client, applicant, sixty_and_hidden
):
    client.force_login(applicant)
    first = client.get("/api/v1/applications/").json()
    second = client.get(first["next"]).json()
    assert first["count"] == 60 and second["previous"]
    assert [a["id"] for a in first["results"] + second["results"]] == sixty_and_hidden
    newest = client.get("/api/v1/applications/", {"ordering": "-id"}).json()
    assert [a["id"] for a in newest["results"]] == sorted(sixty_and_hidden, reverse=True)[:50]


@pytest.mark.parametrize("path", ["/applications/", "/api/v1/applications/"])
@pytest.mark.parametrize("page", ["0", "x", "99"])
def test_a_page_out_of_range(client, applicant, sixty_and_hidden, path, page):
    client.force_login(applicant)
    response = client.get(path, {"page": page})
    if path.startswith("/api/"):
        assert response.status_code == 404  # DRF's answer for a page that does not exist
    else:  # the page shows the last or first page, as Django's get_page does
        assert response.status_code == 200
        assert len(response.context["applications"]) in (10, 50)
