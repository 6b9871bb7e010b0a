from decimal import Decimal

import pytest

from accounts.models import User
from applications.models import Application, Team
from reviews.enums import ReviewStatus
from reviews.models import Criterion, PanelMember, Review, Score
from reviews.queries import ranking
from tests.reviews.conftest import person


def bulk_panel(panel, n_apps, n_reviewers=5, n_criteria=6):
    call = panel.stage.call
    call.quota = 5
    call.save()
    panel.criteria.all().delete()
    criteria = Criterion.objects.bulk_create(
        Criterion(panel=panel, order=i, name_ko=f"항목{i}", weight=w)
        for i, w in enumerate((20, 20, 20, 15, 15, 10), start=1)
    )[:n_criteria]
    creator = person("creator")
    teams = Team.objects.bulk_create(
        Team(call=call, name_ko=f"팀{i}", created_by=creator) for i in range(n_apps)
    )
    apps = Application.objects.bulk_create(
        Application(call=call, team=t, status="under_review", reference=f"R-{i:04d}")
        for i, t in enumerate(teams)
    )
    reviewers = User.objects.bulk_create(
        User(username=f"rk{i}", email=f"rk{i}@rk{i}.example") for i in range(n_reviewers)
    )
    PanelMember.objects.bulk_create(PanelMember(panel=panel, user=u) for u in reviewers)
    reviews = Review.objects.bulk_create(
        Review(
            panel=panel,
            application=a,
            reviewer=r,
            status=ReviewStatus.SUBMITTED,
            total=Decimal((i * 7 + j * 13) % 60 + 40),
            recommend=(i + j) % 2 == 0,
        )
        for i, a in enumerate(apps)
        for j, r in enumerate(reviewers)
    )
    Score.objects.bulk_create(
        Score(review=rv, criterion=c, level=3) for rv in reviews for c in criteria
    )
    return apps


@pytest.mark.django_db
def test_ranking_of_500_by_5_by_6_runs_a_constant_number_of_queries(
    panel, django_assert_max_num_queries
):
    bulk_panel(panel, 500)
    with django_assert_max_num_queries(4):
        result = ranking(panel, with_stability=True)
    assert len(result.rows) == 500
    assert sum(r.above_cutline for r in result.rows) == 5
    assert [r.rank for r in result.rows] == list(range(1, 501))


@pytest.mark.django_db
def test_ranking_of_3_rows_runs_the_same_number_of_queries(panel, django_assert_max_num_queries):
    bulk_panel(panel, 3)
    with django_assert_max_num_queries(4):
        assert len(ranking(panel).rows) == 3


def test_ranking_leaves_out_rows_the_chair_is_conflicted_with(
    panel, own_application, other_application, conflicted_reviewer, officer
):
    from tests.reviews.conftest import join

    join(panel, conflicted_reviewer, role="chair")
    reviewer = person("rank_reviewer")
    Review.objects.bulk_create(
        Review(panel=panel, application=a, reviewer=reviewer, status="submitted", total=80)
        for a in (own_application, other_application)
    )
    assert [r.reference for r in ranking(panel, viewer=conflicted_reviewer).rows] == [
        "TST-2025-0002"
    ]
    assert len(ranking(panel, viewer=officer).rows) == 2


def test_stability_names_the_reviewer_whose_removal_changes_the_selection(panel):
    call = panel.stage.call
    call.quota = 1
    call.save()
    a, b = person("ra"), person("rb")
    creator = person("c")
    teams = Team.objects.bulk_create(
        Team(call=call, name_ko=f"팀{i}", created_by=creator) for i in range(2)
    )
    apps = Application.objects.bulk_create(
        Application(call=call, team=t, status="under_review", reference=f"S-{i}")
        for i, t in enumerate(teams)
    )
    panel.aggregation = "mean"
    # S-0: a 90, b 70 → 80; S-1: a 60, b 90 → 75. Without a, S-1 (90) beats S-0 (70).
    for app, (ta, tb) in zip(apps, ((90, 70), (60, 90)), strict=True):
        Review.objects.create(
            panel=panel, application=app, reviewer=a, status="submitted", total=ta
        )
        Review.objects.create(
            panel=panel, application=app, reviewer=b, status="submitted", total=tb
        )
    result = ranking(panel)
    assert [r.reference for r in result.rows if r.above_cutline] == ["S-0"]
    # Without b, S-0 (90) still beats S-1 (60): b's removal changes nothing.
    assert result.unstable_reviewers == [(a.pk, a.display_name)]


def test_stability_check_leaves_the_real_ranks_and_cutline_alone(panel):
    call = panel.stage.call
    call.quota = 1
    call.save()
    a, b, creator = person("la"), person("lb"), person("lc")
    teams = Team.objects.bulk_create(
        Team(call=call, name_ko=f"팀{i}", created_by=creator) for i in range(3)
    )
    apps = Application.objects.bulk_create(
        Application(call=call, team=t, status="under_review", reference=f"L-{i}")
        for i, t in enumerate(teams)
    )
    # Only b reviews L-2 (the best); a reviews L-0 and L-1. Removing b drops L-2 altogether.
    for app, reviewer, total in ((apps[0], a, 70), (apps[1], a, 60), (apps[2], b, 90)):
        Review.objects.create(
            panel=panel, application=app, reviewer=reviewer, status="submitted", total=total
        )
    result = ranking(panel)
    assert [(r.reference, r.rank, r.above_cutline) for r in result.rows] == [
        ("L-2", 1, True),
        ("L-0", 2, False),
        ("L-1", 3, False),
    ]
    assert result.unstable_reviewers == [(b.pk, b.display_name)]


def test_stage_gate_combines_benchmarks_expert_and_user_panels(panel, officer):
    from reviews import services
    from reviews.models import GateComponent
    from tests.reviews.factories import PanelFactory

    panel.purpose = "stage_gate"
    panel.aggregation = "mean"
    panel.save()
    users = PanelFactory(stage=panel.stage, purpose="stage_gate", aggregation="mean")
    creator = person("gc")
    team = Team.objects.create(call=panel.stage.call, name_ko="팀", created_by=creator)
    app = Application.objects.create(
        call=panel.stage.call, team=team, status="selected", reference="G-1"
    )
    benchmark = GateComponent.objects.create(stage=panel.stage, name_ko="벤치마크", weight=40)
    GateComponent.objects.create(stage=panel.stage, name_ko="전문가", weight=35, panel=panel)
    GateComponent.objects.create(stage=panel.stage, name_ko="사용자", weight=25, panel=users)
    services.record_component_result(benchmark, application=app, value=Decimal("90"), by=officer)
    expert, user = person("ex"), person("us")
    Review.objects.create(panel=panel, application=app, reviewer=expert, status="submitted",
                          total=Decimal("80.50"))  # fmt: skip
    Review.objects.create(panel=users, application=app, reviewer=user, status="submitted",
                          total=Decimal("70"))  # fmt: skip
    # 40 × 0.90 + 35 × 0.805 + 25 × 0.70 = 36 + 28.175 + 17.5 = 81.675 → 81.68
    assert ranking(panel).rows[0].score == Decimal("81.68")
