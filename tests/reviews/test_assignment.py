"""Automatic assignment at national scale: k reviewers each, caps, no conflict, even loads."""

from collections import Counter

import pytest

from accounts.models import Organisation, User
from applications.models import Application, Participant, Team
from reviews import services
from reviews.conflicts import conflicted_pairs
from reviews.enums import ReviewStatus
from reviews.models import PanelMember, Review
from tests.factories import ApplicationFactory
from tests.reviews.conftest import join, person


def build(panel, n_apps, n_reviewers):
    """n_apps submitted applications, each led by one of 40 organisations; the first 20
    reviewers belong to those organisations (conflicted with 1/40 of the applications)."""
    call = panel.stage.call
    creator = person("creator")
    orgs = Organisation.objects.bulk_create(
        Organisation(name_ko=f"기관{i}", type="sme") for i in range(40)
    )
    teams = Team.objects.bulk_create(
        Team(call=call, name_ko=f"팀{i}", created_by=creator) for i in range(n_apps)
    )
    Participant.objects.bulk_create(
        Participant(team=t, organisation=orgs[i % 40], role="lead") for i, t in enumerate(teams)
    )
    Application.objects.bulk_create(
        Application(call=call, team=t, status="submitted", reference=f"BIG-{i:04d}")
        for i, t in enumerate(teams)
    )
    reviewers = User.objects.bulk_create(
        User(
            username=f"bulk{i}",
            email=f"bulk{i}@r{i}.example",
            organisation=orgs[i] if i < 20 else None,
        )
        for i in range(n_reviewers)
    )
    PanelMember.objects.bulk_create(PanelMember(panel=panel, user=u) for u in reviewers)
    return reviewers


@pytest.mark.django_db
def test_auto_assign_meets_k_and_caps_without_conflict_at_500_by_60(panel, officer):
    reviewers = build(panel, 500, 60)
    panel.reviews_per_application = 3
    panel.max_per_reviewer = 30
    panel.save()
    plan = services.auto_assign(panel, by=officer)  # its speed is measured in bench/
    assert plan.shortfall == {}
    reviews = list(Review.objects.values_list("reviewer_id", "application_id"))
    assert len(reviews) == 1500
    per_app = Counter(a for _r, a in reviews)
    assert set(per_app.values()) == {3}
    loads = Counter(r for r, _a in reviews)
    assert max(loads.values()) <= 30
    assert max(loads.values()) - min(loads.values()) <= 1  # 1500 / 60 = 25 each
    conflicts = conflicted_pairs(reviewers, list(Application.objects.all()))
    assert len(conflicts) == 20 * 13  # reviewer i shares organisation i with apps i, i+40, …
    assert not conflicts & set(reviews)


def test_preview_writes_nothing(panel, own_application, other_application, reviewer, officer):
    join(panel, reviewer)
    plan = services.plan_assignment(panel, per_application=1)
    assert plan.pairs == sorted(
        [(reviewer.pk, own_application.pk), (reviewer.pk, other_application.pk)]
    )
    assert Review.objects.count() == 0


def test_auto_assign_never_proposes_a_conflicted_pair(
    panel, own_application, other_application, conflicted_reviewer, reviewer, officer
):
    join(panel, conflicted_reviewer)
    join(panel, reviewer)
    plan = services.plan_assignment(panel, per_application=2)
    assert sorted(plan.pairs) == sorted(
        [
            (conflicted_reviewer.pk, other_application.pk),
            (reviewer.pk, own_application.pk),
            (reviewer.pk, other_application.pk),
        ]
    )
    assert plan.shortfall == {own_application.pk: 1}


def test_auto_assign_is_all_or_nothing_and_names_the_shortfall(
    panel, own_application, other_application, conflicted_reviewer, reviewer, officer
):
    join(panel, conflicted_reviewer)
    join(panel, reviewer)
    with pytest.raises(services.AssignmentIncomplete) as refused:
        services.auto_assign(panel, by=officer, per_application=2)
    assert str(refused.value) == (
        "아무것도 배정하지 않았습니다. 이해충돌 없는 심사위원이 부족한 신청: "
        "TST-2025-0001 (1명 부족)."
    )
    assert refused.value.shortfall == {"TST-2025-0001": 1}
    assert Review.objects.count() == 0
    assert set(Application.objects.values_list("status", flat=True)) == {"submitted"}


def test_the_api_commits_nothing_when_the_assignment_falls_short(
    api_client, panel, own_application, other_application, conflicted_reviewer, reviewer, officer
):
    join(panel, conflicted_reviewer)
    join(panel, reviewer)
    panel.reviews_per_application = 2
    panel.save()
    api_client.force_authenticate(officer)
    response = api_client.post(
        f"/api/v1/panels/{panel.pk}/assignments/", {"auto": True}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["shortfall"] == {"TST-2025-0001": 1}
    assert response.json()["committed"] is False
    assert Review.objects.count() == 0


def test_the_assign_page_commits_nothing_and_says_why(
    client, panel, own_application, other_application, conflicted_reviewer, reviewer, officer
):
    join(panel, conflicted_reviewer)
    join(panel, reviewer)
    client.force_login(officer)
    response = client.post(
        f"/reviews/panels/{panel.pk}/assign/", {"per_application": 2, "commit": "1"}, follow=True
    )
    assert "TST-2025-0001 (1명 부족)" in response.content.decode()
    assert Review.objects.count() == 0
    preview = client.post(f"/reviews/panels/{panel.pk}/assign/", {"per_application": 2})
    assert 'name="commit" value="1" disabled' in preview.content.decode()


def test_top_up_replaces_a_recused_reviewer(panel, own_application, officer):
    first, second = person("first"), person("second")
    join(panel, first)
    join(panel, second)
    services.assign_reviewers(panel, pairs=[(first, own_application)], by=officer)
    services.declare_conflict(panel, reviewer=first, application=own_application, reason="친족")
    plan = services.auto_assign(panel, by=officer, per_application=1, top_up=True)
    assert plan.pairs == [(second.pk, own_application.pk)]
    assert dict(Review.objects.values_list("reviewer__username", "status")) == {
        "first": ReviewStatus.RECUSED,
        "second": ReviewStatus.ASSIGNED,
    }


def test_cap_leaves_a_shortfall_rather_than_overloading(panel, officer):
    only = person("only")
    join(panel, only)
    apps = [
        ApplicationFactory(team__call=panel.stage.call, status="submitted", reference=f"C-{i}")
        for i in range(3)
    ]
    plan = services.plan_assignment(panel, per_application=1, cap=2)
    assert len(plan.pairs) == 2
    assert sum(plan.shortfall.values()) == 1
    assert {a.pk for a in apps} >= set(plan.shortfall)
