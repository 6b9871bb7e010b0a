"""The ingestion's quick path and full check agree; the staged text survives COPY; the usage
table's references hold on PostgreSQL without per-row foreign keys."""

import datetime
import itertools
import threading

import pytest
from django.db import IntegrityError, OperationalError, connection, transaction

from allocations import services
from allocations.ingest import _Checker, ingest_usage
from allocations.ingest_bench import bench_rows, measure_ingestion
from allocations.models import LedgerEntry, QuarterClosure, UsageRecord
from tests.allocations.conftest import Q1
from tests.support import require

IDS = ["job-1", " job-2 ", "", "x" * 100, "x" * 101, 123, None, "tab\tid", "new\nline"]
SECONDS = [3600, "3600", " 3600", "٣", "--5", True, 1.5, 0, -100, 10**12, 10**12 + 1, "-3600"]
CORRECTS = [None, "", "job-1", "  "]
PERIODS = [
    ("2026-01-05T00:00:00+09:00", "2026-01-05T01:00:00+09:00"),
    ("2026-01-05T00:00:00", "2026-01-05T01:00:00"),  # Korea's time without an offset
    ("2026-01-05T00:00:00", "2026-01-05T01:00:00+09:00"),
    ("2026-01-04T15:00:00+00:00", "2026-01-04T16:00:00Z"),
    ("2026-01-05 00:00:00+09:00", "2026-01-05 01:00:00+09:00"),
    ("2026-03-31T23:00:00+09:00", "2026-04-01T00:00:00+09:00"),  # ends as the quarter does
    ("2026-03-31T23:00:00+09:00", "2026-04-01T00:00:01+09:00"),  # one second over
    ("2026-03-31T15:00:00+00:00", "2026-03-31T16:00:00+00:00"),  # 2026 Q2 in Korea
    ("2025-12-30T00:00:00+09:00", "2025-12-30T01:00:00+09:00"),  # a closed quarter
    ("1987-06-01T00:00:00", "1987-06-01T01:00:00"),  # Seoul's summer time, +10:00
    ("1987-06-01T00:00:00+09:00", "1987-06-01T01:00:00+09:00"),
    ("9999-12-31T20:00:00+09:00", "9999-12-31T21:00:00+09:00"),
    ("0001-01-01T00:00:00+09:00", "0001-01-01T01:00:00+09:00"),  # no UTC date
    ("2026-02-30T00:00:00+09:00", "2026-02-30T01:00:00+09:00"),
    ("2026-01-05T01:00:00+09:00", "2026-01-05T00:00:00+09:00"),  # ends before it starts
    ("2026-01-05T00:00:00.5+09:00", "2026-01-05T01:00:00.25+09:00"),
    ("2026-W02-1T00:00:00+09:00", "2026-W02-1T01:00:00+09:00"),  # a week date
    ("yesterday", "today"),
    (
        datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC),
        datetime.datetime(2026, 1, 5, 1, tzinfo=datetime.UTC),
    ),
]


@pytest.fixture
def funded(pool, award, officer):
    services.grant_gpu_time(
        award=award, pool=pool, quarter=Q1, gpu_type="B200", gpu_count=10, by=officer
    )
    return award


def test_the_quick_path_accepts_only_what_the_full_check_accepts_with_the_same_values(
    operator, funded, pool, officer
):
    QuarterClosure.objects.create(pool=pool, year=2025, quarter=4, closed_by=officer)
    checker = _Checker(operator)
    base = {"award": funded.number, "gpu_type": "B200"}
    variants = [
        {**base, "award": f" {funded.number}"},
        {**base, "award": "RS-NOPE"},
        {**base, "award": ["a list"]},
        {**base, "gpu_type": "A100"},
        {**base, "gpu_type": None},
        {"gpu_type": "B200"},
    ]
    rows = [
        {**base, "external_id": i, "gpu_seconds": s, "corrects": c, "period_start": a,
         "period_end": b}
        for i, s, c, (a, b) in itertools.product(IDS, SECONDS, CORRECTS, PERIODS)
    ] + [
        {**variant, "external_id": "job-1", "gpu_seconds": 60, "period_start": a,
         "period_end": b}
        for variant, (a, b) in itertools.product(variants, PERIODS)
    ] + ["not an object", None, ["job-1"]]  # fmt: skip
    quick = 0
    for row in rows:
        values, errors = checker.check(row)
        fast = checker.quick(row)
        if fast is not None:
            quick += 1
            assert (fast, errors) == (values, {}), row
    assert quick > 100  # the shortcut is taken where it can be


def test_keys_with_tabs_newlines_and_backslashes_are_stored_as_sent(operator, funded):
    keys = ["tab\there", "line\nbreak", "back\\slash", "cr\rhere", "\\N"]
    rows = [
        {"external_id": key, "award": funded.number, "gpu_type": "B200",
         "period_start": f"2026-01-0{n + 1}T00:00:00", "period_end": f"2026-01-0{n + 1}T01:00:00",
         "gpu_seconds": 3600}
        for n, key in enumerate(keys)
    ]  # fmt: skip
    rows.append({**rows[0], "external_id": "fix\t1", "gpu_seconds": -60, "corrects": "tab\there"})
    report = ingest_usage(operator, rows)
    assert report.accepted == 6
    stored = dict(UsageRecord.objects.values_list("external_id", "corrects"))
    assert stored == {**dict.fromkeys(keys, ""), "fix\t1": "tab\there"}
    assert [r["external_id"] for r in report.rows] == [*keys, "fix\t1"]


def test_a_bad_first_row_leaves_its_key_to_a_good_one_and_ids_are_reported_as_text(
    operator, funded
):
    good = {"award": funded.number, "gpu_type": "B200", "gpu_seconds": 60,
            "period_start": "2026-01-05T00:00:00", "period_end": "2026-01-05T01:00:00"}  # fmt: skip
    rows = [
        {**good, "external_id": "job-1", "gpu_type": "A100"},
        {**good, "external_id": "job-1"},
        {**good, "external_id": "job-1"},
        {**good, "external_id": 42},
    ]
    report = ingest_usage(operator, rows)
    assert [r["outcome"] for r in report.rows] == ["rejected", "accepted", "duplicate", "accepted"]
    assert report.rows[3] == {"row": 4, "external_id": "42", "outcome": "accepted"}
    assert (report.accepted, report.duplicate, report.rejected) == (2, 1, 1)


def test_measure_ingestion_reports_both_imports_and_leaves_nothing(operator, funded):
    entry = LedgerEntry.objects.get()
    figures = measure_ingestion(operator, bench_rows(200, entry))
    assert (figures["accepted"], figures["reimport_duplicate"], figures["reimport_added"]) == (
        200, 200, 0,
    )  # fmt: skip
    assert figures["ours_rows_per_s"] > 0
    if connection.vendor == "postgresql":
        assert figures["raw_rows_per_s"] > 0 and figures["ratio"] > 0
    else:
        assert figures["raw_rows_per_s"] is None
    assert UsageRecord.objects.count() == 0


def _one_usage_record(operator, award):
    row = {"external_id": "job-1", "award": award.number, "gpu_type": "B200",
           "period_start": "2026-01-05T00:00:00", "period_end": "2026-01-05T01:00:00",
           "gpu_seconds": 3600}  # fmt: skip
    assert ingest_usage(operator, [row]).accepted == 1
    return UsageRecord.objects.get()


def test_usage_may_not_refer_to_a_missing_award_and_keeps_its_award(operator, funded):
    require(connection.vendor == "postgresql", "the reference triggers are PostgreSQL's")
    record = _one_usage_record(operator, funded)
    with pytest.raises(IntegrityError, match="missing award"), transaction.atomic():
        UsageRecord.objects.filter(pk=record.pk).update(award_id=funded.pk + 1000)
    for table, pk in (("awards_award", funded.pk), ("allocations_clusteroperator", operator.pk)):
        with (
            pytest.raises(IntegrityError, match="referred to by usage"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(f"DELETE FROM {table} WHERE id = %s", [pk])


@pytest.mark.django_db(transaction=True)
def test_an_award_cannot_go_while_an_import_referring_to_it_is_open(operator, funded):
    """As with a foreign key, the import's lock holds a concurrent delete until it ends."""
    require(connection.vendor == "postgresql", "row locks need PostgreSQL (set DATABASE_URL)")
    imported, finish, outcome = threading.Event(), threading.Event(), []

    def delete_the_award():
        imported.wait(10)
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '300ms'")
                cursor.execute("DELETE FROM awards_award WHERE id = %s", [funded.pk])
            outcome.append("deleted")
        except OperationalError:
            outcome.append("waited")
        finally:
            finish.set()
            connection.close()

    deleter = threading.Thread(target=delete_the_award)
    deleter.start()
    with transaction.atomic():
        _one_usage_record(operator, funded)
        imported.set()
        finish.wait(10)
    deleter.join()
    assert outcome == ["waited"]
    assert UsageRecord.objects.get().award_id == funded.pk


@pytest.mark.django_db(transaction=True)
def test_a_key_stored_by_a_racing_import_counts_once(operator, funded):
    """The plain insert meets the other import's key, waits, is refused, and the insert runs
    again with ON CONFLICT: the key is a duplicate, the rest is kept."""
    require(connection.vendor == "postgresql", "row locks need PostgreSQL (set DATABASE_URL)")
    rows = [
        {"external_id": f"job-{n}", "award": funded.number, "gpu_type": "B200",
         "period_start": f"2026-01-0{n}T00:00:00", "period_end": f"2026-01-0{n}T01:00:00",
         "gpu_seconds": 3600}
        for n in (1, 2, 3)
    ]  # fmt: skip
    other_stored, commit_other, reports = threading.Event(), threading.Event(), []

    def other_import():
        try:
            with transaction.atomic():
                ingest_usage(operator, [rows[1]])
                other_stored.set()
                commit_other.wait(10)
        finally:
            connection.close()

    def our_import():
        try:
            reports.append(ingest_usage(operator, rows))
        finally:
            connection.close()

    other = threading.Thread(target=other_import)
    other.start()
    other_stored.wait(10)
    ours = threading.Thread(target=our_import)
    ours.start()
    waiting = False
    for _ in range(200):  # until our insert waits on the other import's key
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND query LIKE 'WITH stored%%'"
            )
            waiting = cursor.fetchone()[0] == 1
        if waiting:
            break
        threading.Event().wait(0.05)
    commit_other.set()
    other.join()
    ours.join()
    assert waiting
    assert [r["outcome"] for r in reports[0].rows] == ["accepted", "duplicate", "accepted"]
    assert sorted(UsageRecord.objects.values_list("external_id", flat=True)) == [
        "job-1", "job-2", "job-3",
    ]  # fmt: skip
