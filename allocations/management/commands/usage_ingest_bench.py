"""usage_ingest_bench: records per second of the usage ingestion, beside raw COPY of the same rows.

    DATABASE_URL=postgres://… manage.py usage_ingest_bench --rows 100000

It needs one award holding GPU time in a pool with a cluster operator (`seed_demo` makes them).
Everything runs in one transaction that is rolled back, so the database is left as it was.
A figure, not a test: nothing here fails on time.
"""

import datetime
import time
import uuid

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from allocations.ingest import ingest_usage
from allocations.models import ClusterOperator, LedgerEntry, QuarterClosure, UsageRecord
from programmes.quarters import Quarter


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time the bulk usage ingestion against raw COPY of the same rows (PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=100_000)

    def handle(self, *args, rows, **options):
        if not 1 <= rows <= 10_000_000:
            raise CommandError("--rows is between 1 and 10,000,000")
        operator, entry = self._fixture()
        batch = self._rows(rows, entry)
        try:
            with transaction.atomic():
                self._run(operator, batch, entry.award_id)
                raise _Rollback
        except _Rollback:
            pass

    def _fixture(self):
        for operator in ClusterOperator.objects.select_related("pool").order_by("id"):
            closed = set(
                QuarterClosure.objects.filter(pool=operator.pool).values_list("year", "quarter")
            )
            entries = LedgerEntry.objects.filter(pool=operator.pool).order_by("-year", "-quarter")
            for entry in entries.select_related("award")[:200]:
                if (entry.year, entry.quarter) not in closed:
                    return operator, entry
        raise CommandError(
            "No award holds GPU time in an open quarter of a pool with an operator: "
            "run `manage.py seed_demo` first."
        )

    def _rows(self, count, entry):
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

    def _run(self, operator, batch, award_id):
        out = self.stdout
        out.write(f"database: {connection.vendor}; rows: {len(batch):,}")
        if connection.vendor == "postgresql":
            raw = self._raw_copy(operator, batch, award_id)
            out.write(f"raw COPY            {raw:>12,.0f} rows/s")
        else:
            raw = None
            out.write("raw COPY            (PostgreSQL only)")
        before = UsageRecord.objects.count()
        if connection.vendor == "postgresql":
            # Foreign keys are checked at commit, which a rolled-back run never reaches: check
            # them as rows go in, so the figure includes them.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        started = time.perf_counter()
        report = ingest_usage(operator, batch)
        ours = len(batch) / (time.perf_counter() - started)
        out.write(
            f"ingestion           {ours:>12,.0f} rows/s  (accepted {report.accepted:,}, "
            f"duplicate {report.duplicate:,}, rejected {report.rejected:,})"
        )
        if raw:
            out.write(f"ingestion / raw     {100 * ours / raw:>11.1f} %")
        started = time.perf_counter()
        again = ingest_usage(operator, batch)
        rate = len(batch) / (time.perf_counter() - started)
        added = UsageRecord.objects.count() - before - report.accepted
        out.write(
            f"re-import           {rate:>12,.0f} rows/s  (accepted {again.accepted:,}, "
            f"duplicate {again.duplicate:,}; rows added {added:,})"
        )

    def _raw_copy(self, operator, batch, award_id):
        """COPY the same rows, already as stored tuples, into a bare twin of the usage table."""
        zone = timezone.get_default_timezone()
        now = timezone.now()
        tuples = []
        for row in batch:
            start = datetime.datetime.fromisoformat(row["period_start"])
            local = start.astimezone(zone)
            tuples.append((
                operator.pk, row["external_id"], operator.pool_id, award_id, row["gpu_type"], start,
                datetime.datetime.fromisoformat(row["period_end"]), local.year,
                (local.month - 1) // 3 + 1, row["gpu_seconds"], "", "api", now,
            ))  # fmt: skip
        columns = (
            "operator_id, external_id, pool_id, award_id, gpu_type, period_start, period_end, "
            "year, quarter, gpu_seconds, corrects, source, received_at"
        )
        table = UsageRecord._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMP TABLE bench_raw (LIKE {table} INCLUDING IDENTITY) ON COMMIT DROP"
            )  # noqa: S608
            started = time.perf_counter()
            with cursor.copy(f"COPY bench_raw ({columns}) FROM STDIN") as copy:
                for values in tuples:
                    copy.write_row(values)
            elapsed = time.perf_counter() - started
            cursor.execute("DROP TABLE bench_raw")
        return len(batch) / elapsed
