"""Issue 9: usage ingestion of 1,000,000 rows beside raw COPY of the same rows, in one run.

    DATABASE_URL=postgres://… make bench

Ours should reach a quarter of raw COPY's rows per second, and a re-import adds nothing.
SQLite (no COPY) runs 100,000 rows through the plain path. A figure, not a test of time.
"""

import pytest
from django.db import connection

from allocations import services
from allocations.ingest_bench import bench_rows, measure_ingestion
from allocations.models import LedgerEntry
from tests.allocations.conftest import Q1, award, operator, pool  # noqa: F401  (fixtures)


@pytest.mark.django_db
def test_usage_ingestion_beside_raw_copy(pool, operator, award, officer):  # noqa: F811
    services.grant_gpu_time(
        award=award, pool=pool, quarter=Q1, gpu_type="B200", gpu_count=1, by=officer
    )
    count = 1_000_000 if connection.vendor == "postgresql" else 100_000
    f = measure_ingestion(operator, bench_rows(count, LedgerEntry.objects.get()))
    print(f"\n\nUsage ingestion on {f['vendor']}, {f['rows']:,} rows")
    if f["raw_rows_per_s"] is not None:
        print(f"raw COPY        {f['raw_rows_per_s']:>12,.0f} rows/s")
    print(f"ingestion       {f['ours_rows_per_s']:>12,.0f} rows/s  (accepted {f['accepted']:,})")
    if f["ratio"] is not None:
        print(f"ingestion / raw {100 * f['ratio']:>11.1f} %  (issue 9: at least 25 %)")
    print(
        f"re-import       {f['reimport_rows_per_s']:>12,.0f} rows/s  (duplicate "
        f"{f['reimport_duplicate']:,}; rows added {f['reimport_added']:,})"
    )
    assert f["accepted"] == count and f["reimport_added"] == 0
