"""usage_ingest_bench: records per second of the usage ingestion, beside raw COPY of the same rows.

    DATABASE_URL=postgres://… manage.py usage_ingest_bench --rows 100000

It needs one award holding GPU time in a pool with a cluster operator (`seed_demo` makes them).
Everything runs in one transaction that is rolled back, so the database is left as it was.
A figure, not a test: nothing here fails on time.
"""

from django.core.management.base import BaseCommand, CommandError

from allocations.ingest_bench import bench_fixture, bench_rows, measure_ingestion


class Command(BaseCommand):
    help = "Time the bulk usage ingestion against raw COPY of the same rows (PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=100_000)

    def handle(self, *args, rows, **options):
        if not 1 <= rows <= 10_000_000:
            raise CommandError("--rows is between 1 and 10,000,000")
        try:
            operator, entry = bench_fixture()
        except LookupError as error:
            raise CommandError(str(error)) from None
        figures = measure_ingestion(operator, bench_rows(rows, entry))
        self._print(figures)

    def _print(self, f):
        out = self.stdout
        out.write(f"database: {f['vendor']}; rows: {f['rows']:,}")
        if f["raw_rows_per_s"] is None:
            out.write("raw COPY            (PostgreSQL only)")
        else:
            out.write(f"raw COPY            {f['raw_rows_per_s']:>12,.0f} rows/s")
        out.write(
            f"ingestion           {f['ours_rows_per_s']:>12,.0f} rows/s  (accepted "
            f"{f['accepted']:,}, duplicate {f['duplicate']:,}, rejected {f['rejected']:,})"
        )
        if f["ratio"] is not None:
            out.write(f"ingestion / raw     {100 * f['ratio']:>11.1f} %")
        out.write(
            f"re-import           {f['reimport_rows_per_s']:>12,.0f} rows/s  (accepted "
            f"{f['reimport_accepted']:,}, duplicate {f['reimport_duplicate']:,}; "
            f"rows added {f['reimport_added']:,})"
        )
