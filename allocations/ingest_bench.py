"""The usage ingestion's speed beside raw COPY of the same rows: a figure, never a test.

`measure_ingestion(operator, rows)` is what `manage.py usage_ingest_bench`, `make bench` and the
national-scale benchmark call. Everything runs in one transaction that is rolled back unless
`keep=True`, so the database is left as it was.
"""

import datetime
import time
import uuid

from django.db import connection, transaction
from django.utils import timezone

from allocations.ingest import ingest_usage
from allocations.models import ClusterOperator, LedgerEntry, QuarterClosure, UsageRecord
from programmes.quarters import Quarter

RAW_COLUMNS = (
    "operator_id, external_id, pool_id, award_id, gpu_type, period_start, period_end, year, "
    "quarter, gpu_seconds, corrects, source, received_at"
)


class _Rollback(Exception):
    pass


def bench_fixture():
    """(operator, ledger entry): an award holding GPU time in an open quarter of a pool with a
    cluster operator, which the benchmark's rows are for. LookupError when there is none."""
    for operator in ClusterOperator.objects.select_related("pool").order_by("id"):
        closed = set(
            QuarterClosure.objects.filter(pool=operator.pool).values_list("year", "quarter")
        )
        entries = LedgerEntry.objects.filter(pool=operator.pool).order_by("-year", "-quarter")
        for entry in entries.select_related("award")[:200]:
            if (entry.year, entry.quarter) not in closed:
                return operator, entry
    raise LookupError(
        "No award holds GPU time in an open quarter of a pool with an operator: "
        "run `manage.py seed_demo` first."
    )


def bench_rows(count, entry):
    """`count` good rows for the award and GPU type of ledger `entry`, hourly in its quarter."""
    first = datetime.datetime.combine(
        Quarter(entry.year, entry.quarter).first_day,
        datetime.time(),
        tzinfo=timezone.get_default_timezone(),
    )
    run = uuid.uuid4().hex[:8]
    hour = datetime.timedelta(hours=1)
    slots = 24 * 90
    return [
        {
            "external_id": f"bench-{run}-{n}",
            "award": entry.award.number,
            "gpu_type": entry.gpu_type,
            "period_start": (first + (n % slots) * hour).isoformat(),
            "period_end": (first + (n % slots + 1) * hour).isoformat(),
            "gpu_seconds": 3_600 * (1 + n % 8),
        }
        for n in range(count)
    ]


def measure_ingestion(operator, rows, *, keep=False):
    """Ingest `rows` for `operator` twice, beside raw COPY of them: rates and counts.

    Returns rows, vendor, raw_rows_per_s (PostgreSQL only, else None), ours_rows_per_s,
    ratio (ours / raw), reimport_rows_per_s, reimport_added (rows the second import added:
    0), the first import's accepted / duplicate / rejected and the second's."""
    figures = {}
    try:
        with transaction.atomic():
            _measure(operator, rows, figures)
            if not keep:
                raise _Rollback
    except _Rollback:
        pass
    return figures


def _measure(operator, rows, figures):
    postgresql = connection.vendor == "postgresql"
    figures.update(rows=len(rows), vendor=connection.vendor, raw_rows_per_s=None, ratio=None)
    if postgresql:
        copied, seconds = _raw_copy(operator, rows)
        figures["raw_rows_per_s"] = copied / seconds
        # Nothing on the usage table is deferred today; should a deferred constraint come back,
        # it is checked as rows go in, so that the figure includes it.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    before = UsageRecord.objects.count()
    started = time.perf_counter()
    first = ingest_usage(operator, rows)
    figures["ours_rows_per_s"] = len(rows) / (time.perf_counter() - started)
    started = time.perf_counter()
    again = ingest_usage(operator, rows)
    figures["reimport_rows_per_s"] = len(rows) / (time.perf_counter() - started)
    figures["reimport_added"] = UsageRecord.objects.count() - before - first.accepted
    if postgresql:
        figures["ratio"] = figures["ours_rows_per_s"] / figures["raw_rows_per_s"]
    for name, report in (("", first), ("reimport_", again)):
        for outcome in ("accepted", "duplicate", "rejected"):
            figures[name + outcome] = getattr(report, outcome)


def _raw_copy(operator, rows):
    """COPY the rows, already as stored tuples, into a bare twin of the usage table.

    (rows copied, seconds): only the COPY is timed. Rows that are not plain good records
    (an unknown award, a period that does not parse) are left out of the raw side."""
    zone = timezone.get_default_timezone()
    awards = dict(
        LedgerEntry.objects.filter(pool_id=operator.pool_id)
        .values_list("award__number", "award_id")
        .distinct()
    )
    now = timezone.now()
    tuples = []
    for row in rows:
        try:
            start = datetime.datetime.fromisoformat(row["period_start"])
            end = datetime.datetime.fromisoformat(row["period_end"])
            award_id = awards[row["award"]]
        except (KeyError, TypeError, ValueError):
            continue
        start, end = (m if m.tzinfo else m.replace(tzinfo=zone) for m in (start, end))
        local = start.astimezone(zone)
        tuples.append((
            operator.pk, row["external_id"], operator.pool_id, award_id, row["gpu_type"], start,
            end, local.year, (local.month - 1) // 3 + 1, row["gpu_seconds"],
            row.get("corrects") or "", "api", now,
        ))  # fmt: skip
    table = UsageRecord._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE bench_raw (LIKE {table} INCLUDING IDENTITY) ON COMMIT DROP"
        )
        started = time.perf_counter()
        with cursor.copy(f"COPY bench_raw ({RAW_COLUMNS}) FROM STDIN") as copy:
            for values in tuples:
                copy.write_row(values)
        elapsed = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_raw")
    return len(tuples), elapsed
