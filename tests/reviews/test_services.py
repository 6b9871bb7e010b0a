import pytest

from applications.models import Application
from reviews import services
from reviews.enums import DecisionRule, ReviewStatus
from reviews.models import Decision, Review
from tests.reviews.conftest import join, person


def score_fully(review, by, *, level=5, passed=True, recommend=True):
    levels, passes = {}, {}
    for criterion in review.panel.criteria.all():
        if criterion.is_knockout:
            passes[criterion.pk] = passed
        else:
            levels[criterion.pk] = level
    services.save_scores(
        review, by=by, version=review.version, levels=levels, passes=passes, recommend=recommend
    )


def test_sign_pledge_records_the_time_once(panel, reviewer):
    member = join(panel, reviewer, signed=False)
    services.sign_pledge(member, by=reviewer)
    member.refresh_from_db()
    first = member.pledge_signed_at
    services.sign_pledge(member, by=reviewer)
    member.refresh_from_db()
    assert first is not None and member.pledge_signed_at == first


def test_assign_reviewers_refuses_a_conflicted_pair(panel, own_application, conflicted_reviewer):
    join(panel, conflicted_reviewer)
    with pytest.raises(services.ConflictRefused):
        services.assign_reviewers(
            panel, pairs=[(conflicted_reviewer, own_application)], by=conflicted_reviewer
        )
    assert Review.objects.count() == 0


def test_assign_reviewers_refuses_a_non_member(panel, own_application, reviewer, officer):
    with pytest.raises(services.ReviewError):
        services.assign_reviewers(panel, pairs=[(reviewer, own_application)], by=officer)


def test_assign_reviewers_creates_assigned_reviews_with_history(
    panel, own_application, reviewer, officer
):
    join(panel, reviewer)
    services.assign_reviewers(panel, pairs=[(reviewer, own_application)], by=officer)
    review = Review.objects.get()
    assert (review.status, review.reviewer, review.application) == (
        ReviewStatus.ASSIGNED,
        reviewer,
        own_application,
    )
    assert review.history.get().history_user == officer


def test_declare_conflict_recuses_the_review(panel, own_application, reviewer, officer):
    join(panel, reviewer)
    services.assign_reviewers(panel, pairs=[(reviewer, own_application)], by=officer)
    services.declare_conflict(
        panel, reviewer=reviewer, application=own_application, reason="지도교수"
    )
    review = Review.objects.get()
    assert review.status == ReviewStatus.RECUSED
    assert review.history.first().history_change_reason == "지도교수"


@pytest.fixture
def review(panel, own_application, reviewer, officer):
    join(panel, reviewer)
    services.assign_reviewers(panel, pairs=[(reviewer, own_application)], by=officer)
    return Review.objects.get()


def test_save_scores_refuses_a_stale_version_and_writes_nothing(review, reviewer):
    first, second = (Review.objects.get(pk=review.pk) for _ in range(2))  # two tabs
    criterion = review.panel.criteria.filter(is_knockout=False).first()
    services.save_scores(first, by=reviewer, version=first.version, levels={criterion.pk: 4})
    with pytest.raises(services.StaleVersion) as refused:
        services.save_scores(second, by=reviewer, version=second.version, levels={criterion.pk: 2})
    assert refused.value.current == 2
    assert review.scores.get().level == 4
    review.refresh_from_db()
    assert (review.version, review.status) == (2, ReviewStatus.IN_PROGRESS)


def test_save_scores_refuses_a_level_outside_the_scale(review, reviewer):
    criterion = review.panel.criteria.filter(is_knockout=False).first()
    with pytest.raises(services.ReviewError):
        services.save_scores(review, by=reviewer, version=1, levels={criterion.pk: 6})
    assert review.scores.count() == 0


def test_submit_review_computes_the_total_and_locks(review, reviewer):
    criteria = list(review.panel.criteria.filter(is_knockout=False))  # weights 60, 40
    knockout = review.panel.criteria.get(is_knockout=True)
    services.save_scores(
        review,
        by=reviewer,
        version=1,
        levels={criteria[0].pk: 5, criteria[1].pk: 3},
        passes={knockout.pk: True},
        recommend=True,
    )
    services.submit_review(review, by=reviewer)
    review.refresh_from_db()
    assert (review.status, str(review.total)) == (ReviewStatus.SUBMITTED, "84.00")
    with pytest.raises(services.ReviewLocked):
        services.save_scores(review, by=reviewer, version=review.version, recommend=False)


def test_submit_review_refuses_an_incomplete_review(review, reviewer):
    with pytest.raises(services.ReviewError):
        services.submit_review(review, by=reviewer)
    review.refresh_from_db()
    assert review.status == ReviewStatus.ASSIGNED


def test_only_the_chair_reopens_with_a_reason(review, reviewer, chair):
    score_fully(review, reviewer)
    services.submit_review(review, by=reviewer)
    with pytest.raises(services.ReviewError):
        services.reopen_review(review, by=reviewer, reason="수정")
    with pytest.raises(services.ReviewError):
        services.reopen_review(review, by=chair, reason=" ")
    services.reopen_review(review, by=chair, reason="점수 입력 오류")
    review.refresh_from_db()
    assert review.status == ReviewStatus.REOPENED
    latest = review.history.first()
    assert (latest.history_user, latest.history_change_reason) == (chair, "점수 입력 오류")


# Decisions -------------------------------------------------------------------------------


@pytest.fixture
def scored(panel, officer):
    """Four applications, three reviewers; totals chosen so that the ranking is known."""
    from tests.factories import ApplicationFactory

    reviewers = [person(f"rv{i}") for i in range(3)]
    for r in reviewers:
        join(panel, r)
    apps = [
        ApplicationFactory(
            team__call=panel.stage.call, status="submitted", reference=f"TST-2025-{i:04d}"
        )
        for i in range(1, 5)
    ]
    services.assign_reviewers(panel, pairs=[(r, a) for r in reviewers for a in apps], by=officer)
    # level per reviewer per application; recommend when level ≥ 4
    grid = {0: (5, 5, 4), 1: (4, 4, 4), 2: (3, 5, 4), 3: (2, 2, 5)}
    for a_index, levels in grid.items():
        for reviewer, level in zip(reviewers, levels, strict=True):
            review = Review.objects.get(reviewer=reviewer, application=apps[a_index])
            score_fully(review, reviewer, level=level, recommend=level >= 4)
            services.submit_review(review, by=reviewer)
    return apps


def test_tie_break_prefers_more_recommendations(panel, scored):
    from reviews.queries import ranking

    panel.aggregation = "mean"
    rows = ranking(panel).rows
    # app 1 (4,4,4) and app 2 (3,5,4) both average 80.00; app 1 has 3 recommendations, app 2 two
    assert [(r.reference, str(r.score), r.recommendations) for r in rows] == [
        ("TST-2025-0001", "93.33", 3),
        ("TST-2025-0002", "80.00", 3),
        ("TST-2025-0003", "80.00", 2),
        ("TST-2025-0004", "60.00", 1),
    ]


def test_record_decision_by_majority_moves_the_statuses(panel, scored, officer):
    panel.aggregation = "mean"
    panel.save()
    chosen = services.record_decision(
        panel, rule=DecisionRule.MAJORITY, rationale="과반 추천", by=officer
    )
    assert sorted(chosen) == sorted(a.pk for a in scored[:3])
    statuses = dict(Application.objects.values_list("reference", "status"))
    assert statuses == {
        "TST-2025-0001": "shortlisted",
        "TST-2025-0002": "shortlisted",
        "TST-2025-0003": "shortlisted",
        "TST-2025-0004": "not_selected",
    }
    assert Decision.objects.count() == 4


def test_record_decision_can_select_none(panel, scored, officer):
    panel.purpose = "select"
    panel.save()
    assert (
        services.record_decision(
            panel, rule=DecisionRule.NONE, rationale="적격 과제 없음", by=officer
        )
        == []
    )
    assert set(Application.objects.values_list("status", flat=True)) == {"not_selected"}


def test_record_decision_never_exceeds_the_quota(panel, scored, officer):
    panel.purpose = "select"
    panel.save()
    call = panel.stage.call
    call.quota = 2
    call.save()
    with pytest.raises(services.QuotaExceeded):
        services.record_decision(
            panel, rule=DecisionRule.TOP_K, k=3, rationale="상위 3", by=officer
        )
    assert Decision.objects.count() == 0
    assert not Application.objects.filter(status="selected").exists()
    services.record_decision(panel, rule=DecisionRule.TOP_K, k=2, rationale="상위 2", by=officer)
    assert Application.objects.filter(status="selected").count() == 2


def test_threshold_rule_advances_those_at_or_above(panel, scored, officer):
    panel.aggregation = "mean"
    panel.save()
    from decimal import Decimal

    chosen = services.record_decision(
        panel, rule=DecisionRule.THRESHOLD, threshold=Decimal("80.00"), rationale="80점", by=officer
    )
    assert len(chosen) == 3


def test_knocked_out_application_is_never_advanced(panel, scored, officer):
    from reviews.models import Score

    Score.objects.filter(review__application=scored[0], criterion__is_knockout=True).update(
        passed=False
    )
    chosen = services.record_decision(
        panel, rule=DecisionRule.TOP_K, k=1, rationale="상위 1", by=officer
    )
    assert chosen == [scored[1].pk]


def test_stage_gate_sends_the_domain_signal_after_commit(
    panel, scored, officer, django_capture_on_commit_callbacks
):
    from reviews.signals import stage_gate_decided

    panel.purpose = "stage_gate"
    panel.aggregation = "mean"
    panel.cutline = 3
    panel.save()
    received = []

    def receiver(sender, application, outcome, **kwargs):
        received.append((application.reference, outcome))

    stage_gate_decided.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.record_decision(
                panel, rule=DecisionRule.GATE_PLAN, rationale="3팀 계속", by=officer
            )
    finally:
        stage_gate_decided.disconnect(receiver)
    assert sorted(received) == [
        ("TST-2025-0001", "continue"),
        ("TST-2025-0002", "continue"),
        ("TST-2025-0003", "continue"),
        ("TST-2025-0004", "terminate"),
    ]
