"""Tranches: maker–checker, ceilings by year and in total, payment, cancel, release conditions."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from applications.enums import FundingSource
from awards import disbursements, reports
from awards.enums import AwardStatus, ReportStatus, TrancheStatus
from awards.models import Tranche
from awards.services import AwardRefused
from awards.settlement import decide_carry_over, request_carry_over
from tests.awards.conftest import funded_award
from tests.awards.factories import AwardFundingFactory, TrancheFactory

pytestmark = pytest.mark.django_db
BILLION = 1_000_000_000


def requested(award, amount, by, year=2025, **extra):
    tranche = TrancheFactory(award=award, amount=amount, fiscal_year=year,
                             due_on=datetime.date(year, 9, 30), **extra)  # fmt: skip
    return disbursements.request_tranche(tranche, by=by)


def test_the_requester_cannot_approve_their_own_request(finance):
    tranche = requested(funded_award(), BILLION, finance)
    with pytest.raises(AwardRefused) as refusal:
        disbursements.approve_tranche(tranche, by=finance)
    assert refusal.value.errors == {
        "__all__": ["직접 요청한 분할지급입니다. 다른 재무 담당자가 승인해야 합니다."]
    }
    assert Tranche.objects.get().status == TrancheStatus.REQUESTED


def test_the_database_refuses_an_approver_who_is_the_requester(finance):
    tranche = requested(funded_award(), BILLION, finance)
    with pytest.raises(IntegrityError), transaction.atomic():
        Tranche.objects.filter(pk=tranche.pk).update(status="approved", approved_by=finance)


def test_another_finance_officer_approves_then_pays_with_reference_and_date(finance, finance2):
    tranche = requested(funded_award(), BILLION, finance)
    disbursements.approve_tranche(tranche, by=finance2)
    today = timezone.localdate()
    with pytest.raises(AwardRefused) as refusal:
        disbursements.pay_tranche(tranche, by=finance2, reference="", paid_on=today)
    assert list(refusal.value.errors) == ["payment_reference"]
    with pytest.raises(AwardRefused) as refusal:
        disbursements.pay_tranche(tranche, by=finance2, reference="KB-1",
                                  paid_on=today + datetime.timedelta(days=1))  # fmt: skip
    assert list(refusal.value.errors) == ["paid_on"]
    disbursements.pay_tranche(tranche, by=finance2, reference="KB-2025-0913", paid_on=today)
    tranche.refresh_from_db()
    assert (tranche.status, tranche.requested_by, tranche.approved_by, tranche.payment_reference) \
        == ("paid", finance, finance2, "KB-2025-0913")  # fmt: skip
    assert [h.status for h in tranche.history.order_by("history_id")] == [
        "planned", "requested", "approved", "paid",
    ]  # fmt: skip


def test_approved_and_paid_never_exceed_the_fiscal_year(finance, finance2):
    award = funded_award({2025: 3 * BILLION, 2026: 10 * BILLION})
    first = requested(award, 2 * BILLION, finance)
    second = requested(award, 1_500_000_000, finance)  # requests may queue beyond the year
    disbursements.approve_tranche(first, by=finance2)
    with pytest.raises(AwardRefused) as refusal:
        disbursements.approve_tranche(second, by=finance2)
    assert list(refusal.value.errors) == ["amount"]
    assert "1,000,000,000" in refusal.value.errors["amount"][0]


def test_approved_and_paid_never_exceed_the_award_total(finance, finance2):
    # The years add up to 12억 but the total is what the funding lines say: no year may
    # borrow from another, and the total binds across years.
    award = funded_award({2025: 6 * BILLION, 2026: 6 * BILLION})
    disbursements.approve_tranche(requested(award, 6 * BILLION, finance), by=finance2)
    disbursements.approve_tranche(requested(award, 6 * BILLION, finance, year=2026), by=finance2)
    assert disbursements.queries.balance(award, 2026).remaining == 0
    with pytest.raises(AwardRefused):
        requested(award, 1, finance, year=2026)


def test_the_remaining_balance_follows_the_tranches(finance, finance2):
    award = funded_award({2025: 5 * BILLION, 2026: 5 * BILLION})
    tranche = requested(award, 2 * BILLION, finance)
    assert disbursements.queries.balance(award, 2025).remaining == 5 * BILLION
    disbursements.approve_tranche(tranche, by=finance2)
    balance = disbursements.queries.balance(award, 2025)
    assert (balance.year_remaining, balance.total_remaining, balance.remaining) == (
        3 * BILLION, 8 * BILLION, 3 * BILLION,
    )  # fmt: skip


def test_planned_and_requested_tranches_can_be_cancelled_not_approved_ones(finance, finance2):
    award = funded_award()
    planned = TrancheFactory(award=award)
    disbursements.cancel_tranche(planned, by=finance, reason="일정 변경")
    approved = requested(award, BILLION, finance)
    disbursements.approve_tranche(approved, by=finance2)
    with pytest.raises(AwardRefused) as refusal:
        disbursements.cancel_tranche(approved, by=finance, reason="취소")
    assert list(refusal.value.errors) == ["status"]
    with pytest.raises(AwardRefused):
        disbursements.cancel_tranche(TrancheFactory(award=award), by=finance, reason="")


def test_nothing_is_released_before_the_agreement_is_accepted(finance):
    award = funded_award(status=AwardStatus.OFFERED)
    with pytest.raises(AwardRefused) as refusal:
        requested(award, BILLION, finance)
    assert refusal.value.errors["__all__"] == [
        "협약이 체결되지 않았거나 수행 중인 협약이 아닙니다."
    ]


def test_the_cash_share_must_be_received_first(finance, finance2):
    award = funded_award()
    AwardFundingFactory(award=award, source=FundingSource.CASH, amount=500_000_000)
    tranche = TrancheFactory(award=award)
    with pytest.raises(AwardRefused):
        disbursements.request_tranche(tranche, by=finance)
    disbursements.record_cash_share(award, fiscal_year=2025, amount=500_000_000,
                                    received_on=timezone.localdate(), by=finance)  # fmt: skip
    disbursements.request_tranche(tranche, by=finance)


def test_a_later_phase_waits_for_the_previous_phase_report(finance, finance2, officer):
    award = funded_award({2025: 5 * BILLION, 2026: 5 * BILLION})
    first = award.phases.create(number=1, starts_on=datetime.date(2025, 8, 1),
                                ends_on=datetime.date(2026, 7, 31))  # fmt: skip
    second = award.phases.create(number=2, starts_on=datetime.date(2026, 8, 1),
                                 ends_on=datetime.date(2028, 7, 31))  # fmt: skip
    tranche = TrancheFactory(award=award, phase=second, fiscal_year=2026,
                             due_on=datetime.date(2026, 9, 1))  # fmt: skip
    with pytest.raises(AwardRefused) as refusal:
        disbursements.request_tranche(tranche, by=finance)
    assert refusal.value.errors["__all__"] == ["1단계 진도보고서가 승인되지 않았습니다."]
    report = reports.schedule_report(
        award, phase=first, period_starts_on=first.starts_on, period_ends_on=first.ends_on,
        due_on=datetime.date(2026, 8, 31), by=officer,
    )  # fmt: skip
    figures = {k.metric: {"actual": 1} for k in report.kpis.all()}
    reports.submit_report(report, by=officer, summary="1단계 완료", figures=figures)
    reports.accept_report(report, by=officer)
    report.refresh_from_db()
    assert report.kpis.count() == 3 and report.status == ReportStatus.ACCEPTED
    disbursements.request_tranche(tranche, by=finance)


def test_an_approved_carry_over_moves_the_ceilings(finance, finance2, officer):
    award = funded_award({2025: 5 * BILLION, 2026: 5 * BILLION})
    carry = request_carry_over(award, from_year=2025, amount=2 * BILLION, reason="장비 납품 지연",
                               by=finance)  # fmt: skip
    assert disbursements.queries.balance(award, 2026).year_remaining == 5 * BILLION
    decide_carry_over(carry, approve=True, by=officer)
    assert disbursements.queries.balance(award, 2025).year_remaining == 3 * BILLION
    assert disbursements.queries.balance(award, 2026).year_remaining == 7 * BILLION
    with pytest.raises(AwardRefused):
        request_carry_over(award, from_year=2025, amount=3 * BILLION + 1, reason="추가",
                           by=finance)  # fmt: skip
