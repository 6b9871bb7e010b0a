"""Stage gates end awards (idempotently, with one event for allocations); settlement per phase
and 비목; the work queue."""

import datetime

import pytest
from django.utils import timezone

from awards import disbursements, settlement
from awards.models import Tranche
from awards.services import AwardRefused
from awards.signals import award_terminated
from awards.work_items import awards_work
from reviews.models import Panel
from reviews.signals import stage_gate_decided
from tests.awards.conftest import funded_award
from tests.awards.factories import TrancheFactory

pytestmark = pytest.mark.django_db
BILLION = 1_000_000_000


@pytest.fixture
def terminations():
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    award_terminated.connect(receiver, dispatch_uid="test-terminations")
    yield received
    award_terminated.disconnect(dispatch_uid="test-terminations")


def gate(application, outcome, by):
    stage_gate_decided.send(sender=Panel, panel=None, application=application, outcome=outcome,
                            decided_by=by)  # fmt: skip


def test_a_terminate_decision_ends_the_award_once(
    officer, finance, finance2, terminations, django_capture_on_commit_callbacks
):
    award = funded_award()
    planned = TrancheFactory(award=award)
    requested = disbursements.request_tranche(TrancheFactory(award=award), by=finance)
    approved = disbursements.request_tranche(TrancheFactory(award=award), by=finance)
    disbursements.approve_tranche(approved, by=finance2)
    with django_capture_on_commit_callbacks(execute=True):
        gate(award.application, "terminate", officer)
    with django_capture_on_commit_callbacks(execute=True):
        gate(award.application, "terminate", officer)  # the event arrives twice
    award.refresh_from_db()
    assert (award.status, award.terminated_on) == ("terminated", timezone.localdate())
    statuses = dict(Tranche.objects.values_list("pk", "status"))
    assert (statuses[planned.pk], statuses[requested.pk], statuses[approved.pk]) == (
        "cancelled", "cancelled", "approved",
    )  # fmt: skip
    assert len(terminations) == 1
    assert terminations[0]["award"].pk == award.pk
    assert terminations[0]["event_id"] == str(award.termination_event_id)
    assert terminations[0]["by"] == officer


def test_a_continue_decision_changes_nothing(officer, terminations):
    award = funded_award()
    gate(award.application, "continue", officer)
    award.refresh_from_db()
    assert award.status == "active" and terminations == []


def test_settlement_per_phase_and_category_with_recovery(officer, finance, finance2):
    award = funded_award({2025: 5 * BILLION})
    phase = award.phases.create(number=1, starts_on=award.starts_on, ends_on=award.ends_on)
    tranche = TrancheFactory(award=award, phase=phase, amount=3 * BILLION)
    disbursements.request_tranche(tranche, by=finance)
    disbursements.approve_tranche(tranche, by=finance2)
    disbursements.pay_tranche(tranche, by=finance2, reference="KB-1", paid_on=timezone.localdate())
    with pytest.raises(AwardRefused) as refusal:
        settlement.settle_phase(phase, by=officer, lines={"salaries": (BILLION, BILLION)})
    assert "3,000,000,000" in refusal.value.errors["lines"][0]
    lines = settlement.settle_phase(phase, by=officer, lines={
        "salaries": (BILLION, BILLION), "activities": (2 * BILLION, 1_500_000_000),
    })  # fmt: skip
    activities = next(line for line in lines if line.category == "activities")
    assert (activities.unspent, activities.to_recover) == (500_000_000, 500_000_000)
    with pytest.raises(AwardRefused):
        settlement.record_recovery(
            activities, amount=500_000_001, by=officer, recovered_on=timezone.localdate(),
            reference="환수-1",
        )  # fmt: skip
    settlement.record_recovery(activities, amount=500_000_000, by=officer,
                               recovered_on=timezone.localdate(), reference="환수-1")  # fmt: skip
    activities.refresh_from_db()
    assert (activities.recovered, activities.to_recover) == (500_000_000, 0)
    assert activities.history.count() == 2  # the bulk insert and the recovery


def test_finance_sees_requests_to_approve_but_never_their_own(finance, finance2, officer):
    award = funded_award()
    disbursements.request_tranche(TrancheFactory(award=award), by=finance)
    mine = {item.label: item.count for item in awards_work(finance)}
    theirs = {item.label: item.count for item in awards_work(finance2)}
    assert "승인을 기다리는 분할지급" not in mine
    assert theirs["승인을 기다리는 분할지급"] == 1
    TrancheFactory(award=award, due_on=datetime.date(2025, 1, 10))
    overdue = {item.label: (item.count, item.urgent) for item in awards_work(officer)}
    assert overdue["지급 기한이 지난 분할지급"] == (2, True)


def test_a_gate_leaves_a_completed_award_alone(officer, terminations):
    award = funded_award(status="completed")
    gate(award.application, "terminate", officer)
    award.refresh_from_db()
    assert award.status == "completed" and terminations == []
