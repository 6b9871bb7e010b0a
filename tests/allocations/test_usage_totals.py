"""Usage totals (pool × team × quarter × GPU type) always equal the sum of the usage records.

The database keeps them (triggers, migration 0003), whatever writes the records: the bulk
ingestion, a correction, the ORM's bulk_create. The pool and utilisation pages read them."""

import datetime

from django.db.models import Count, Sum
from django.utils import timezone

from allocations.ingest import ingest_usage
from allocations.models import UsageRecord, UsageTotal
from allocations.queries import pool_overview, utilisation
from tests.allocations.test_ingest import funded, record  # noqa: F401  (fixture)

KEY = ("pool_id", "award_id", "year", "quarter", "gpu_type")


def sums_of_records():
    return {
        tuple(r[k] for k in KEY): (r["s"], r["n"])
        for r in UsageRecord.objects.values(*KEY).annotate(s=Sum("gpu_seconds"), n=Count("id"))
    }


def totals():
    return {
        tuple(getattr(t, k) for k in KEY): (t.gpu_seconds, t.records)
        for t in UsageTotal.objects.all()
    }


def test_totals_follow_imports_re_imports_and_corrections(operator, funded):  # noqa: F811
    rows = [record(n, funded) for n in range(1, 21)]
    ingest_usage(operator, rows)
    ingest_usage(operator, rows)  # counts once
    correction = record(30, funded, gpu_seconds=-3600, corrects="job-1")
    ingest_usage(operator, [correction])
    assert totals() == sums_of_records()
    ((seconds, records),) = totals().values()
    assert (seconds, records) == (20 * 86_400 - 3600, 21)


def test_totals_follow_the_orms_bulk_inserts(operator, funded, pool):  # noqa: F811
    start = datetime.datetime(2026, 2, 1, tzinfo=datetime.UTC)
    UsageRecord.objects.bulk_create(
        UsageRecord(
            operator=operator,
            pool=pool,
            award=funded,
            gpu_type=gpu_type,
            year=2026,
            quarter=1,
            period_start=start + datetime.timedelta(hours=i),
            external_id=f"b-{gpu_type}-{i}",
            period_end=start + datetime.timedelta(hours=i + 1),
            gpu_seconds=3600 + i,
            source="api",
            received_at=timezone.now(),
        )  # fmt: skip
        for gpu_type in ("B200", "H200")
        for i in range(7)
    )
    assert totals() == sums_of_records()
    assert len(totals()) == 2


def test_the_pool_and_utilisation_read_the_totals(operator, funded, pool):  # noqa: F811
    ingest_usage(operator, [record(n, funded) for n in range(1, 4)])
    used = {(r["quarter"].year, r["quarter"].number, r["gpu_type"]): r["used"]
            for r in pool_overview(pool)["rows"]}  # fmt: skip
    assert used[2026, 1, "B200"] == 3 * 86_400
    cells = utilisation(pool)["cells"]
    assert cells[funded.pk, 2026, 1, "B200"]["used"] == 3 * 86_400
