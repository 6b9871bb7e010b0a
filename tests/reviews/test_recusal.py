"""A conflict found after assignment recuses the review (issue 7, item 2)."""

from applications import services as application_services
from applications.enums import OrganisationRole
from reviews import services
from reviews.enums import DecisionRule, ReviewStatus
from reviews.models import Decision, Recusal, Review
from reviews.queries import ranking
from tests.reviews.conftest import join, person
from tests.reviews.test_services import score_fully


def _scored(panel, reviewer, application, level, officer):
    if not panel.members.filter(user=reviewer).exists():
        join(panel, reviewer)
    services.assign_reviewers(panel, pairs=[(reviewer, application)], by=officer)
    review = Review.objects.get(reviewer=reviewer, application=application)
    score_fully(review, reviewer, level=level)
    services.submit_review(review, by=reviewer)
    return review


def test_a_participant_added_after_reopening_recuses_the_now_conflicted_review(
    panel, chair, own_application, applicant, reviewer, officer, mailoutbox,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    conflicted = _scored(panel, reviewer, own_application, 5, officer)
    _scored(panel, person("fair"), own_application, 3, officer)
    assert ranking(panel).rows[0].score == 80  # (100 + 60) / 2

    application_services.reopen_application(own_application, by=officer, reason="구성 변경")
    with django_capture_on_commit_callbacks(execute=True):
        application_services.add_participant(
            team=own_application.team, organisation=reviewer.organisation,
            role=OrganisationRole.JOINT, by=applicant,
        )  # fmt: skip

    conflicted.refresh_from_db()
    assert conflicted.status == ReviewStatus.RECUSED
    assert Recusal.objects.get(review=conflicted).reasons == "organisation"
    assert conflicted.history.first().history_change_reason == (
        "conflict of interest found after assignment: organisation"
    )
    row = ranking(panel).rows[0]
    assert (row.score, list(row.totals.values()), row.evaluators) == (60, [60], 1)
    assert [m.to for m in mailoutbox] == [["chair@chair.example"]]
    assert own_application.reference in mailoutbox[0].body


def test_conflicts_are_rechecked_before_every_decision(
    panel, own_application, other_application, applicant, reviewer, officer
):
    _scored(panel, reviewer, own_application, 5, officer)
    _scored(panel, reviewer, other_application, 4, officer)
    _scored(panel, person("fair"), own_application, 3, officer)
    _scored(panel, person("fair2"), other_application, 4, officer)
    # The reviewer's affiliation is corrected after assignment: the applicant's organisation.
    reviewer.organisation = applicant.organisation
    reviewer.save(update_fields=["organisation"])

    services.record_decision(panel, rule=DecisionRule.TOP_K, k=1, rationale="상위 1", by=officer)

    review = Review.objects.get(reviewer=reviewer, application=own_application)
    assert review.status == ReviewStatus.RECUSED
    decisions = dict(Decision.objects.values_list("application__reference", "score"))
    # Without the recusal own_application would have led with (100 + 60) / 2 = 80.
    assert {ref: str(score) for ref, score in decisions.items()} == {
        "TST-2025-0001": "60.00",
        "TST-2025-0002": "80.00",
    }
    assert Decision.objects.get(application=other_application).outcome == "advance"


def test_a_decided_panel_is_left_alone(panel, own_application, applicant, reviewer, officer):
    _scored(panel, reviewer, own_application, 5, officer)
    services.record_decision(panel, rule=DecisionRule.TOP_K, k=1, rationale="상위 1", by=officer)
    reviewer.organisation = applicant.organisation
    reviewer.save(update_fields=["organisation"])

    from reviews.recusals import recuse_conflicted_reviews

    assert recuse_conflicted_reviews(application_ids=[own_application.pk]) == []
    assert Review.objects.get().status == ReviewStatus.SUBMITTED


def test_the_recheck_task_is_idempotent(
    panel, chair, own_application, applicant, reviewer, officer
):
    from reviews.tasks import recheck_conflicts

    review = _scored(panel, reviewer, own_application, 5, officer)
    reviewer.organisation = applicant.organisation
    reviewer.save(update_fields=["organisation"])

    assert recheck_conflicts(application_id=own_application.pk) == [review.pk]
    assert recheck_conflicts(application_id=own_application.pk) == []
    assert Recusal.objects.count() == 1
