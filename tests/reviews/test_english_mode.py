"""English mode is English for a foreign evaluator: role tags and labels without Korean, and
the proposal in the team's English version when they supplied one."""

import re

import pytest
from django.utils import translation

from reviews import services
from reviews.models import Review
from tests.factories import ParticipantFactory
from tests.reviews.conftest import join

HANGUL = re.compile("[\uac00-\ud7a3]")


@pytest.fixture
def english_review(panel, own_application, reviewer, officer):
    own_application.title_en = "A sovereign model"
    own_application.summary, own_application.summary_en = "한국어 요약", "English summary"
    own_application.objectives, own_application.objectives_en = "한국어 목표", ""
    own_application.save()
    ParticipantFactory(team=own_application.team, role="participating_company")
    join(panel, reviewer)
    services.assign_reviewers(panel, pairs=[(reviewer, own_application)], by=officer)
    return Review.objects.get()


def english(client, url):
    return client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_scoring_page_shows_the_english_version_where_the_team_gave_one(
    client, english_review, reviewer, settings
):
    client.force_login(reviewer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = english(client, f"/reviews/{english_review.pk}/")
    assert "A sovereign model" in page and "English summary" in page
    assert "한국어 요약" not in page
    assert "한국어 목표" in page  # no English objectives: the Korean original, not nothing
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ko"
    page = client.get(f"/reviews/{english_review.pk}/").content.decode()
    assert "한국어 요약" in page and "English summary" not in page


def test_role_tags_in_english_carry_no_korean(client, english_review, reviewer, settings):
    client.force_login(reviewer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = english(client, f"/reviews/{english_review.pk}/")
    tags = re.findall(r'<span class="tag">([^<]+)</span>', page)
    assert "Lead institution" in tags and "Participating company" in tags
    assert [t for t in tags if HANGUL.search(t)] == []


def test_consortium_role_labels_are_english_in_english_and_official_in_korean():
    from applications.enums import OrganisationRole

    with translation.override("en"):
        labels = [str(label) for label in OrganisationRole.labels]
    assert [label for label in labels if HANGUL.search(label)] == []
    with translation.override("ko"):
        assert str(OrganisationRole.LEAD.label) == "주관연구개발기관"
