"""Majority of evaluators, open-review guard, stage gates, knock-outs (issue 7, items 3–5)."""

import pytest
from django.db import IntegrityError

from applications.models import Application
from reviews import judgments, services
from reviews.enums import DecisionRule, KnockoutRule, PanelPurpose, ReviewStatus
from reviews.models import Decision, GateComponent, Review
from reviews.queries import ranking
from tests.factories import ApplicationFactory
from tests.reviews.conftest import join, person
from tests.reviews.factories import PanelFactory, rubric
from tests.reviews.test_services import score_fully


def _applications(panel, n):
    return [
        ApplicationFactory(
            team__call=panel.stage.call, status="submitted", reference=f"TST-2025-{i:04d}"
        )
        for i in range(1, n + 1)
    ]


def _evaluators(panel, n, applications, officer):
    reviewers = [person(f"ev{panel.pk}x{i}") for i in range(n)]
    for r in reviewers:
        join(panel, r)
    services.assign_reviewers(
        panel, pairs=[(r, a) for r in reviewers for a in applications], by=officer
    )
    return reviewers


def _submit(panel, reviewer, application, *, level=4, recommend=True, passed=True):
    review = Review.objects.get(panel=panel, reviewer=reviewer, application=application)
    score_fully(review, reviewer, level=level, recommend=recommend, passed=passed)
    services.submit_review(review, by=reviewer)


# Item 3 ------------------------------------------------------------------------------------


def test_majority_means_a_majority_of_the_applications_evaluators(panel, officer, api_client):
    (application,) = _applications(panel, 1)
    reviewers = _evaluators(panel, 4, [application], officer)
    for r in reviewers[:2]:
        _submit(panel, r, application, recommend=True)

    result = ranking(panel, with_stability=False)

    row = result.rows[0]
    assert (row.recommendations, row.votes, row.evaluators, row.majority) == (2, 2, 4, False)
    assert services.choose(result, rule=DecisionRule.MAJORITY) == []
    api_client.force_authenticate(officer)
    (api_row,) = api_client.get(f"/api/v1/panels/{panel.pk}/ranking/").json()["results"]
    assert (api_row["votes"], api_row["evaluators"], api_row["majority"]) == (2, 4, False)


def test_no_decision_while_a_review_is_open_and_the_page_says_which(client, panel, officer):
    panel.purpose = PanelPurpose.SELECT
    panel.save()
    (application,) = _applications(panel, 1)
    reviewers = _evaluators(panel, 4, [application], officer)
    for r in reviewers[:2]:
        _submit(panel, r, application, recommend=True)

    with pytest.raises(services.DecisionBlocked) as blocked:
        services.record_decision(
            panel, rule=DecisionRule.MAJORITY, rationale="과반 추천", by=officer
        )

    assert len(blocked.value.problems) == 2
    assert Decision.objects.count() == 0
    assert Application.objects.get().status == "submitted"
    client.force_login(officer)
    page = client.get(f"/reviews/panels/{panel.pk}/decide/").content.decode()
    for r in reviewers[2:]:
        assert f"TST-2025-0001: {r.display_name}의 심사가 제출되지 않았습니다" in page


# Item 4 ------------------------------------------------------------------------------------


@pytest.fixture
def gate(panel, officer):
    """Five awarded teams in a stage gate planned 5 → 4; the third fails the knock-out."""
    panel.purpose = PanelPurpose.STAGE_GATE
    panel.aggregation = "mean"
    panel.cutline = 4
    panel.save()
    GateComponent.objects.create(stage=panel.stage, name_ko="전문가평가", weight=100, panel=panel)
    applications = _applications(panel, 5)
    Application.objects.update(status="selected")
    reviewers = _evaluators(panel, 3, applications, officer)
    for rank, application in enumerate(applications):
        for i, r in enumerate(reviewers):
            failed = rank == 2 and i < 2  # two of three evaluators: a majority
            _submit(panel, r, application, level=5 - rank // 2, passed=not failed)
    return applications


def test_a_knock_out_failure_does_not_hand_its_place_to_the_next_team(gate, panel, officer):
    chosen = services.record_decision(
        panel, rule=DecisionRule.GATE_PLAN, rationale="1차 단계평가", by=officer
    )

    outcomes = dict(Decision.objects.values_list("application__reference", "outcome"))
    assert outcomes == {
        "TST-2025-0001": "continue",
        "TST-2025-0002": "continue",
        "TST-2025-0003": "terminate",  # top 4 on points, failed the knock-out
        "TST-2025-0004": "continue",
        "TST-2025-0005": "terminate",  # fifth: the freed place is not handed down
    }
    assert len(chosen) == 3
    assert set(Decision.objects.values_list("gate_stage", flat=True)) == {panel.stage_id}


def test_a_stage_gate_refuses_an_officer_typed_k(gate, panel, officer):
    with pytest.raises(services.ReviewError):
        services.record_decision(
            panel, rule=DecisionRule.TOP_K, k=4, rationale="상위 4", by=officer
        )
    assert Decision.objects.count() == 0


def test_one_gate_decision_per_stage_and_application(gate, panel, officer):
    services.record_decision(panel, rule=DecisionRule.GATE_PLAN, rationale="계속", by=officer)
    users = PanelFactory(stage=panel.stage, purpose=PanelPurpose.STAGE_GATE, cutline=4)
    rubric(users)
    reviewer = person("user_panel")
    join(users, reviewer)
    services.assign_reviewers(users, pairs=[(reviewer, gate[2])], by=officer)
    _submit(users, reviewer, gate[2], level=5)

    with pytest.raises(services.DecisionBlocked) as blocked:
        services.record_decision(users, rule=DecisionRule.GATE_PLAN, rationale="계속", by=officer)
    assert panel.name in blocked.value.problems[0]
    with pytest.raises(IntegrityError):
        Decision.objects.create(
            panel=users, application=gate[2], outcome="continue", rule="gate_plan",
            rationale="우회", decided_by=officer, gate_stage=panel.stage,
        )  # fmt: skip


def test_gate_weights_must_sum_to_100_before_deciding(gate, panel, officer):
    GateComponent.objects.filter(stage=panel.stage).update(weight=75)
    with pytest.raises(services.DecisionBlocked) as blocked:
        services.record_decision(panel, rule=DecisionRule.GATE_PLAN, rationale="계속", by=officer)
    assert blocked.value.problems == ["단계평가 구성 요소의 배점 합계는 100이어야 합니다(현재 75)."]


def test_the_admin_refuses_gate_weights_that_do_not_sum_to_100(client, panel, officer):
    from accounts.roles import sync_role_permissions

    sync_role_permissions()
    client.force_login(officer)
    url = f"/admin/reviews/stagegate/{panel.stage_id}/change/"
    data = {
        "gate_components-TOTAL_FORMS": 2, "gate_components-INITIAL_FORMS": 0,
        "gate_components-0-name_ko": "벤치마크", "gate_components-0-weight": 40,
        "gate_components-1-name_ko": "전문가평가", "gate_components-1-weight": 35,
    }  # fmt: skip
    assert client.get(url).status_code == 200
    response = client.post(url, data)
    assert response.status_code == 200
    assert "배점 합계는 100이어야 합니다(현재 75)" in response.content.decode()
    assert GateComponent.objects.count() == 0
    data["gate_components-1-weight"] = 60
    assert client.post(url, data).status_code == 302
    assert sorted(GateComponent.objects.values_list("weight", flat=True)) == [40, 60]


# Item 5 ------------------------------------------------------------------------------------


def test_a_single_reviewers_fail_never_knocks_out(panel, officer):
    (application,) = _applications(panel, 1)
    reviewers = _evaluators(panel, 3, [application], officer)
    _submit(panel, reviewers[0], application, passed=False)
    for r in reviewers[1:]:
        _submit(panel, r, application)

    row = ranking(panel).rows[0]
    assert (row.knockout_fails, row.knocked_out) == (1, False)
    assert services.record_decision(
        panel, rule=DecisionRule.TOP_K, k=1, rationale="상위 1", by=officer
    ) == [application.pk]


def test_a_majority_of_evaluators_knocks_out(panel, officer):
    (application,) = _applications(panel, 1)
    reviewers = _evaluators(panel, 3, [application], officer)
    for r in reviewers:
        _submit(panel, r, application, passed=r == reviewers[2])
    assert ranking(panel).rows[0].knocked_out is True


def test_under_the_chair_rule_only_the_chairs_recorded_confirmation_decides(panel, chair, officer):
    panel.knockout_rule = KnockoutRule.CHAIR
    panel.save()
    (application,) = _applications(panel, 1)
    reviewers = _evaluators(panel, 3, [application], officer)
    for r in reviewers:
        _submit(panel, r, application, passed=False)
    assert ranking(panel).rows[0].knocked_out is False
    with pytest.raises(services.DecisionBlocked):
        services.record_decision(panel, rule=DecisionRule.TOP_K, k=1, rationale="1", by=officer)
    with pytest.raises(services.ReviewError):
        judgments.confirm_knockout(
            panel, application=application, failed=True, reason="국외 모델 미세조정",
            by=reviewers[0],
        )  # fmt: skip

    judgments.confirm_knockout(
        panel, application=application, failed=True, reason="국외 모델 미세조정", by=chair
    )

    assert ranking(panel).rows[0].knocked_out is True
    assert (
        services.record_decision(
            panel, rule=DecisionRule.TOP_K, k=1, rationale="독자성 미충족", by=officer
        )
        == []
    )


def test_the_chair_confirms_a_knock_out_on_the_ranking_page(client, panel, chair, officer):
    panel.knockout_rule = KnockoutRule.CHAIR
    panel.save()
    (application,) = _applications(panel, 1)
    (only,) = _evaluators(panel, 1, [application], officer)
    _submit(panel, only, application, passed=False)
    client.force_login(chair)
    page = client.get(f"/reviews/panels/{panel.pk}/ranking/").content.decode()
    assert f"/reviews/panels/{panel.pk}/knockouts/{application.pk}/" in page
    response = client.post(
        f"/reviews/panels/{panel.pk}/knockouts/{application.pk}/",
        {"failed": "no", "reason": "독자 모델로 확인"},
    )
    assert response.status_code == 302
    assert application.pk not in {r.application_id for r in ranking(panel).rows if r.knocked_out}
    assert Review.objects.get().status == ReviewStatus.SUBMITTED


def test_only_the_unconflicted_chair_judges_a_knock_out(
    client, panel, chair, own_application, other_application, applicant, reviewer, officer
):
    panel.knockout_rule = KnockoutRule.CHAIR
    panel.save()
    join(panel, reviewer)
    services.assign_reviewers(
        panel, pairs=[(reviewer, own_application), (reviewer, other_application)], by=officer
    )
    elsewhere = ApplicationFactory(status="submitted", reference="OTHER-2025-0001")  # bait
    data = {"failed": "yes", "reason": "사유"}
    url = f"/reviews/panels/{panel.pk}/knockouts/"

    client.force_login(reviewer)
    assert client.post(f"{url}{own_application.pk}/", data).status_code == 403
    client.force_login(chair)
    assert client.post(f"{url}{elsewhere.pk}/", data).status_code == 404
    chair.organisation = applicant.organisation  # now conflicted with own_application
    chair.save(update_fields=["organisation"])
    assert client.post(f"{url}{own_application.pk}/", data).status_code == 404
    with pytest.raises(services.ConflictRefused):
        judgments.confirm_knockout(
            panel, application=own_application, failed=True, reason="사유", by=chair
        )
    assert client.post(f"{url}{other_application.pk}/", data).status_code == 302
    assert list(
        panel.knockout_judgments.values_list("application__reference", "failed", "confirmed_by")
    ) == [("TST-2025-0002", True, chair.pk)]
