"""Sanctions are checked at every decision (selection, stage-gate continuation), not only at
submission: a ban entered after submission stops the team, with a message that names it."""

import datetime

import pytest
from django.utils import timezone

from applications.models import Application
from reviews import services
from reviews.enums import DecisionRule
from reviews.models import Decision
from tests.factories import OrganisationFactory, ParticipantFactory, SanctionFactory
from tests.reviews.test_services import scored  # noqa: F401 (fixture)


def _ban(application, *, name, starts_on=None, ends_on=None):
    organisation = OrganisationFactory(name_ko=name)
    ParticipantFactory(team=application.team, organisation=organisation)
    today = timezone.localdate()
    SanctionFactory(
        organisation=organisation,
        starts_on=starts_on or today - datetime.timedelta(days=1),
        ends_on=ends_on or today + datetime.timedelta(days=365),
    )
    return organisation


def test_a_selection_with_a_banned_organisation_is_refused_naming_it(panel, scored, officer):  # noqa: F811
    panel.purpose = "select"
    panel.save()
    _ban(scored[0], name="부정사용기관")
    with pytest.raises(services.SanctionRefused) as refusal:
        services.record_decision(
            panel, rule=DecisionRule.TOP_K, k=2, rationale="상위 2", by=officer
        )
    assert "부정사용기관" in str(refusal.value) and "TST-2025-0001" in str(refusal.value)
    assert not Decision.objects.exists()
    assert set(Application.objects.values_list("status", flat=True)) == {"submitted"}


def test_a_banned_host_institution_stops_the_selection_too(panel, scored, officer):  # noqa: F811
    panel.purpose = "select"
    panel.save()
    host = OrganisationFactory(name_ko="초청기관")
    Application.objects.filter(pk=scored[1].pk).update(host_organisation=host)
    SanctionFactory(organisation=host)
    with pytest.raises(services.SanctionRefused, match="초청기관"):
        services.record_decision(
            panel, rule=DecisionRule.TOP_K, k=2, rationale="상위 2", by=officer
        )


def test_a_stage_gate_cannot_continue_a_banned_team(panel, scored, officer):  # noqa: F811
    panel.purpose = "stage_gate"
    panel.save()
    _ban(scored[0], name="중도제재기관")
    with pytest.raises(services.SanctionRefused, match="중도제재기관"):
        services.record_decision(panel, rule=DecisionRule.GATE_PLAN, rationale="계속", by=officer)
    assert not Decision.objects.exists()


def test_a_banned_team_that_is_not_advanced_does_not_block_the_others(panel, scored, officer):  # noqa: F811
    panel.purpose = "select"
    panel.save()
    _ban(scored[3], name="탈락기관")  # the lowest-ranked application
    chosen = services.record_decision(
        panel, rule=DecisionRule.TOP_K, k=2, rationale="상위 2", by=officer
    )
    assert len(chosen) == 2 and scored[3].pk not in chosen


def test_an_ended_or_future_ban_does_not_stop_the_decision(panel, scored, officer):  # noqa: F811
    panel.purpose = "select"
    panel.save()
    today = timezone.localdate()
    _ban(
        scored[0],
        name="지난제재",
        starts_on=today - datetime.timedelta(days=800),
        ends_on=today - datetime.timedelta(days=1),
    )
    _ban(
        scored[1],
        name="다음제재",
        starts_on=today + datetime.timedelta(days=1),
        ends_on=today + datetime.timedelta(days=400),
    )
    chosen = services.record_decision(
        panel, rule=DecisionRule.TOP_K, k=2, rationale="상위 2", by=officer
    )
    assert sorted(chosen) == sorted([scored[0].pk, scored[1].pk])


def test_the_decision_page_shows_the_refusal(client, panel, scored, officer):  # noqa: F811
    panel.purpose = "select"
    panel.save()
    _ban(scored[0], name="부정사용기관")
    client.force_login(officer)
    response = client.post(
        f"/reviews/panels/{panel.pk}/decide/",
        {"rule": "top_k", "k": "2", "rationale": "상위 2"},
    )
    assert response.status_code == 200
    assert "부정사용기관" in response.content.decode()
    assert not Decision.objects.exists()
