import pytest
from django.db.models import Sum

from allocations import demo, services
from allocations.enums import AWARDED_KINDS
from allocations.models import DataGrant, GpuPool, LedgerEntry, StaffAllocation, UsageRecord
from programmes.quarters import Quarter
from tests.awards.factories import AwardFactory
from tests.factories import CallFactory, ProgrammeFactory, UserFactory


def test_the_demo_without_awards_seeds_only_the_pool(db):
    demo.seed()
    pool = GpuPool.objects.get(code="national")
    assert pool.tranches.count() == 5
    counts = {t: sum(x.count for x in pool.tranches.filter(gpu_type=t)) for t in ("H200", "B200")}
    assert counts == {"H200": 6_400, "B200": 3_600}
    assert LedgerEntry.objects.count() == 0


@pytest.mark.django_db
def test_the_demo_allocates_five_teams_over_twelve_quarters_once(settings):
    UserFactory(username="officer")
    call = CallFactory(programme=ProgrammeFactory(code="wbl"))
    awards = [AwardFactory(application__team__call=call) for _ in range(5)]
    first = demo.seed()
    assert first["ledger entries"] == 60
    assert first["data grants"] == 10 and first["staff"] == 25
    assert first["usage records"] > 5 * 365
    counts = [m.objects.count() for m in (LedgerEntry, UsageRecord, DataGrant, StaffAllocation)]
    demo.seed()
    again = [m.objects.count() for m in (LedgerEntry, UsageRecord, DataGrant, StaffAllocation)]
    assert again == counts
    pool = GpuPool.objects.get(code="national")
    q = Quarter(2026, 1)
    grants = LedgerEntry.objects.filter(pool=pool, year=2026, quarter=1, kind="grant")
    b200 = grants.filter(gpu_type="B200").aggregate(s=Sum("gpu_seconds"))["s"]
    assert b200 == 3 * 512 * 90 * 86_400
    for gpu_type in ("B200", "H100"):
        assert services.committed_seconds(pool, q, gpu_type) <= services.capacity_seconds(
            pool, q, gpu_type
        )
    assert DataGrant.objects.exclude(agreement="").count() == 10
    first_team = awards[0].gpu_entries.filter(kind__in=AWARDED_KINDS)
    assert set(first_team.values_list("gpu_type", flat=True)) == {"B200"}
