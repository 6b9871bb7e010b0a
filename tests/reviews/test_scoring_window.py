"""Outside the panel's scoring window nothing is taken that would be refused: reopening is
refused up front, and the scoring page says so and disables its inputs."""

import datetime

import pytest
from django.utils import timezone

from reviews import services
from reviews.enums import ReviewStatus
from reviews.models import Review
from tests.reviews.conftest import join
from tests.reviews.test_services import score_fully


@pytest.fixture
def submitted(panel, own_application, reviewer, officer, chair):
    join(panel, reviewer)
    services.assign_reviewers(panel, pairs=[(reviewer, own_application)], by=officer)
    review = Review.objects.get()
    score_fully(review, reviewer)
    services.submit_review(review, by=reviewer)
    return review


def close(panel, days_ago=1):
    panel.closes_at = timezone.now() - datetime.timedelta(days=days_ago)
    panel.opens_at = panel.closes_at - datetime.timedelta(days=7)
    panel.save(update_fields=["opens_at", "closes_at"])


def test_reopen_is_refused_once_the_scoring_period_has_ended(submitted, panel, chair):
    close(panel)
    with pytest.raises(services.ScoringClosed) as refused:
        services.reopen_review(submitted, by=chair, reason="점수 입력 오류")
    assert "평가 기간이" in str(refused.value) or "scoring period" in str(refused.value)
    submitted.refresh_from_db()
    assert submitted.status == ReviewStatus.SUBMITTED


def test_reopen_within_the_scoring_period_still_works(submitted, chair):
    services.reopen_review(submitted, by=chair, reason="점수 입력 오류")
    submitted.refresh_from_db()
    assert submitted.status == ReviewStatus.REOPENED


def test_reopen_view_shows_the_refusal_and_keeps_the_review_submitted(
    client, submitted, panel, chair
):
    close(panel)
    client.force_login(chair)
    page = client.get(f"/reviews/panels/{panel.pk}/").content.decode()
    assert f"/reviews/{submitted.pk}/reopen/" not in page  # no form that would be refused
    assert "제출된 평가를 다시 열 수 없습니다." in page
    response = client.post(f"/reviews/{submitted.pk}/reopen/", {"reason": "오류"}, follow=True)
    assert "평가 기간이" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == ReviewStatus.SUBMITTED


def test_scoring_page_of_a_reopened_review_after_the_period_disables_its_inputs(
    client, submitted, panel, chair, reviewer
):
    services.reopen_review(submitted, by=chair, reason="점수 입력 오류")
    close(panel)
    client.force_login(reviewer)
    page = client.get(f"/reviews/{submitted.pk}/").content.decode()
    assert 'id="window-closed"' in page
    assert "hx-post=" not in page
    assert "<fieldset disabled>" in page
    assert 'id="submit-review"' not in page
    assert "자동으로 저장됩니다" not in page
    assert "저장할 수 없습니다" in page


def test_autosave_after_the_period_answers_422_flagged_closed(
    client, submitted, panel, chair, reviewer
):
    services.reopen_review(submitted, by=chair, reason="점수 입력 오류")
    close(panel)
    submitted.refresh_from_db()
    client.force_login(reviewer)
    response = client.post(
        f"/reviews/{submitted.pk}/autosave/", {"version": submitted.version, "comment": "x"}
    )
    assert response.status_code == 422
    assert 'data-closed="1"' in response.content.decode()


def test_scoring_page_shows_the_period_end_and_the_running_total(
    client, submitted, reviewer, chair
):
    services.reopen_review(submitted, by=chair, reason="점수 확인")
    client.force_login(reviewer)
    page = client.get(f"/reviews/{submitted.pk}/").content.decode()
    end = timezone.localtime(submitted.panel.closes_at)
    assert f"평가 기간 종료 {end.year}. {end.month}. {end.day}." in page
    # score_fully: level 5 of 5 on every scored criterion
    assert '<strong id="running-total-value">100.00</strong>' in page
    services.submit_review(submitted, by=reviewer)
    page = client.get(f"/reviews/{submitted.pk}/").content.decode()
    assert "running-total-value" not in page  # a locked review states its total instead


def test_pledge_page_names_the_scoring_period_before_the_reviewer_starts(client, panel):
    from tests.reviews.conftest import person

    newcomer = person("newcomer")
    join(panel, newcomer, signed=False)
    client.force_login(newcomer)
    page = client.get(f"/reviews/panels/{panel.pk}/pledge/").content.decode()
    start, end = (timezone.localtime(t) for t in (panel.opens_at, panel.closes_at))
    assert f"평가 기간: {start.year}. {start.month}. {start.day}." in page
    assert f"– {end.year}. {end.month}. {end.day}." in page
