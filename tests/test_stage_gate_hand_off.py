"""The whole hand-off of a failed stage gate, across the four apps that take part in it:
reviews' stage_gate_decided → awards terminates the award and cancels its open tranches →
award_terminated → allocations returns the future GPU time, letters revokes the letter."""

import datetime

import pytest
from freezegun import freeze_time

from allocations import services as allocations
from allocations.enums import EntryKind
from allocations.models import LedgerEntry, PoolTranche
from awards.models import Award
from letters.models import AwardLetter
from letters.services import issue_award_letter
from programmes.quarters import Quarter
from reviews.models import Panel
from reviews.signals import stage_gate_decided
from tests.allocations.conftest import pool  # noqa: F401  (fixture)
from tests.awards.conftest import funded_award
from tests.awards.factories import TrancheFactory


@pytest.mark.django_db(transaction=True)
def test_a_failed_gate_ends_the_award_returns_its_future_gpus_and_revokes_its_letter(
    pool,  # noqa: F811
    officer,
    finance,
):
    PoolTranche.objects.filter(gpu_type="B200").update(count=200)
    award = funded_award({2026: 10_000_000_000}, starts_on=datetime.date(2026, 1, 1),
                         ends_on=datetime.date(2028, 12, 31))  # fmt: skip
    quarters = [Quarter(2026, n) for n in (1, 2, 3, 4)]
    for quarter in quarters:
        allocations.grant_gpu_time(
            award=award, pool=pool, quarter=quarter, gpu_type="B200", gpu_count=64, by=officer
        )
    planned = TrancheFactory(award=award, fiscal_year=2026, amount=1_000_000_000)
    letter = issue_award_letter(award, by=officer)
    assert AwardLetter.objects.get(pk=letter.pk).status == "valid"

    with freeze_time("2026-06-30 15:00:00+09:00"):
        for _ in range(2):  # the event arrives twice: the second changes nothing
            responses = stage_gate_decided.send_robust(
                sender=Panel, panel=None, application=award.application, outcome="terminate",
                decided_by=officer, decision_id=4242,
            )  # fmt: skip
            assert all(not isinstance(result, Exception) for _, result in responses)

    award.refresh_from_db()
    planned.refresh_from_db()
    assert award.status == "terminated"
    assert award.terminated_on == datetime.date(2026, 6, 30)
    assert planned.status == "cancelled"
    returned = LedgerEntry.objects.filter(award=award, kind=EntryKind.RETURN)
    future = sum(64 * allocations.capacity.quarter_seconds(q) for q in quarters[2:])
    assert -sum(entry.gpu_seconds for entry in returned) == future
    assert sorted((entry.year, entry.quarter) for entry in returned) == [(2026, 3), (2026, 4)]
    assert AwardLetter.objects.get(pk=letter.pk).status == "revoked"
    assert Award.objects.filter(status="terminated").count() == 1
