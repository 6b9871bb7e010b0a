"""A recorded decision is final until an officer revokes it with a reason (issue 7, item 7)."""

import pytest

from applications.models import Application
from reviews import judgments, services
from reviews.enums import DecisionRule, ReviewStatus
from reviews.models import Decision, DecisionRevocation, Review
from tests.reviews.conftest import join
from tests.reviews.test_services import score_fully


@pytest.fixture
def decided(panel, own_application, reviewer, officer):
    join(panel, reviewer)
    services.assign_reviewers(panel, pairs=[(reviewer, own_application)], by=officer)
    review = Review.objects.get()
    score_fully(review, reviewer)
    services.submit_review(review, by=reviewer)
    services.record_decision(panel, rule=DecisionRule.TOP_K, k=1, rationale="상위 1", by=officer)
    services.publish_results(panel, by=officer)
    return review


def test_no_review_reopens_after_the_decision(decided, chair, client):
    with pytest.raises(services.ReviewError) as refused:
        services.reopen_review(decided, by=chair, reason="점수 정정")
    assert "철회" in str(refused.value)
    client.force_login(chair)
    client.post(f"/reviews/{decided.pk}/reopen/", {"reason": "점수 정정"})
    decided.refresh_from_db()
    assert decided.status == ReviewStatus.SUBMITTED


def test_an_officer_revokes_with_a_reason_then_the_review_reopens_and_a_new_decision_follows(
    decided, panel, chair, officer, reviewer
):
    with pytest.raises(services.ReviewError):
        judgments.revoke_decision(panel, reason=" ", by=officer)
    with pytest.raises(services.ReviewError):
        judgments.revoke_decision(panel, reason="이의신청 인용", by=chair)

    revocation = judgments.revoke_decision(panel, reason="이의신청 인용", by=officer)

    decision = Decision.objects.get()
    assert decision.revocation == revocation
    assert decision.history.first().history_change_reason == "이의신청 인용"
    assert (revocation.reason, revocation.revoked_by) == ("이의신청 인용", officer)
    assert Application.objects.get().status == "under_review"
    panel.refresh_from_db()
    assert panel.results_published_at is None
    services.reopen_review(decided, by=chair, reason="점수 정정")
    decided.refresh_from_db()
    score_fully(decided, reviewer, level=3)
    services.submit_review(decided, by=reviewer)
    services.record_decision(panel, rule=DecisionRule.NONE, rationale="재심의", by=officer)
    assert Decision.objects.current().get().outcome == "reject"
    assert Decision.objects.count() == 2
    assert Application.objects.get().status == "not_selected"


def test_the_decision_page_revokes_for_officers_only(client, decided, panel, officer, chair):
    url = f"/reviews/panels/{panel.pk}/revoke/"
    client.force_login(chair)
    assert client.post(url, {"reason": "사유"}).status_code == 403
    client.force_login(officer)
    assert "결정 철회" in client.get(f"/reviews/panels/{panel.pk}/decide/").content.decode()
    response = client.post(url, {"reason": "평가 절차 하자"}, follow=True)
    assert response.status_code == 200
    assert DecisionRevocation.objects.get().reason == "평가 절차 하자"
    assert "평가 절차 하자" in response.content.decode()
