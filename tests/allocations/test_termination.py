"""The awards app's termination event, received in allocations/apps.py."""

import datetime

from allocations import services
from allocations.enums import EntryKind
from allocations.models import DataGrant, LedgerEntry, PoolTranche
from awards.models import Award
from awards.signals import award_terminated
from programmes.quarters import Quarter
from tests.allocations.conftest import DAY


def test_the_termination_event_returns_future_gpu_time_once_and_keeps_data(
    pool, award, other_award, officer
):
    PoolTranche.objects.filter(gpu_type="B200").update(count=200)
    quarters = [Quarter(2026, n) for n in (1, 2, 3, 4)]
    for quarter in quarters:
        for team in (award, other_award):
            services.grant_gpu_time(
                award=team, pool=pool, quarter=quarter, gpu_type="B200", gpu_count=50, by=officer
            )
    grant = DataGrant.objects.create(
        award=award, name_ko="말뭉치", supplier="공급사", licence_terms="연구용",
        volume="1 TB", access_from=datetime.date(2026, 1, 1),
        access_until=datetime.date(2027, 1, 1), status="provided",
    )  # fmt: skip
    future = sum(50 * services.capacity.quarter_seconds(q) for q in quarters[2:])
    for _ in range(2):  # a repeated event returns nothing more
        responses = award_terminated.send_robust(
            sender=Award,
            award=award,
            event_id="gate-1:award",
            terminated_on=datetime.date(2026, 6, 30),
            by=officer,
        )
        assert all(not isinstance(result, Exception) for _, result in responses)
    returned = LedgerEntry.objects.filter(award=award, kind=EntryKind.RETURN)
    assert -sum(e.gpu_seconds for e in returned) == future
    assert sorted((e.year, e.quarter) for e in returned) == [(2026, 3), (2026, 4)]
    assert services.balances(award, pool, quarters[1], "B200")[0] == 50 * 91 * DAY
    assert not LedgerEntry.objects.filter(award=other_award, kind=EntryKind.RETURN).exists()
    grant.refresh_from_db()
    assert grant.status == "provided"
