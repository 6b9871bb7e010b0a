"""Usage ingestion: accepted, duplicate and rejected per row; a re-import counts once."""

import pytest
from django.db.models import Sum

from allocations import services
from allocations.ingest import ingest_usage
from allocations.models import UsageRecord
from tests.allocations.conftest import Q1, make_operator


@pytest.fixture
def funded(pool, award, officer):
    services.grant_gpu_time(
        award=award, pool=pool, quarter=Q1, gpu_type="B200", gpu_count=10, by=officer
    )
    return award


def record(n, team, **overrides):
    row = {
        "external_id": f"job-{n}",
        "award": team.number,
        "gpu_type": "B200",
        "period_start": f"2026-01-{n:02d}T00:00:00+09:00",
        "period_end": f"2026-01-{n:02d}T23:59:59+09:00",
        "gpu_seconds": 3600 * 24,
    }
    return {**row, **overrides}


def test_the_same_import_twice_counts_once(operator, funded):
    rows = [record(n, funded) for n in range(1, 11)]
    first = ingest_usage(operator, rows)
    second = ingest_usage(operator, rows)
    assert (first.accepted, first.duplicate, first.rejected) == (10, 0, 0)
    assert (second.accepted, second.duplicate, second.rejected) == (0, 10, 0)
    assert UsageRecord.objects.aggregate(s=Sum("gpu_seconds"))["s"] == 10 * 86_400
    assert {r["outcome"] for r in second.rows} == {"duplicate"}


def test_each_bad_row_is_rejected_on_its_field_and_good_rows_are_kept(operator, funded):
    rows = [
        record(1, funded),
        record(2, funded, gpu_type="A100"),
        record(3, funded, award="RS-NOPE"),
        record(4, funded, gpu_seconds=1.5),
        record(5, funded, period_end="2026-01-04T00:00:00+09:00"),
        record(6, funded, period_end="2026-04-02T00:00:00+09:00"),
        record(7, funded, period_start="yesterday"),
        record(8, funded, gpu_seconds=-100),
        record(1, funded),  # the same key again in one batch
        "not an object",
    ]
    report = ingest_usage(operator, rows)
    assert [r["outcome"] for r in report.rows] == ["accepted"] + ["rejected"] * 7 + [
        "duplicate",
        "rejected",
    ]
    fields = [list(r.get("errors", {})) for r in report.rows]
    assert fields[1:8] == [
        ["gpu_type"], ["award"], ["gpu_seconds"], ["period_end"], ["period_end"],
        ["period_start"], ["gpu_seconds"],
    ]  # fmt: skip
    assert list(UsageRecord.objects.values_list("external_id", flat=True)) == ["job-1"]


def test_a_correction_is_a_reversing_record_naming_the_one_it_corrects(operator, funded):
    ingest_usage(operator, [record(1, funded)])
    report = ingest_usage(
        operator,
        [
            record(2, funded, external_id="fix-1", gpu_seconds=-3600, corrects="job-1"),
            record(3, funded, external_id="fix-2", gpu_seconds=-3600, corrects="job-404"),
        ],
    )
    assert [r["outcome"] for r in report.rows] == ["accepted", "rejected"]
    assert UsageRecord.objects.aggregate(s=Sum("gpu_seconds"))["s"] == 86_400 - 3600


def test_a_closed_quarter_refuses_late_records(operator, funded, pool, officer):
    assert ingest_usage(operator, [record(1, funded)]).accepted == 1
    services.close_quarter(pool=pool, quarter=Q1, by=officer)
    report = ingest_usage(operator, [record(2, funded)])
    assert report.rejected == 1
    assert "마감" in report.rows[0]["errors"]["period_start"][0]


def test_the_operators_key_is_its_own_two_operators_may_share_an_id(pool, operator, funded):
    second = make_operator(pool, code="second")
    ingest_usage(operator, [record(1, funded)])
    assert ingest_usage(second, [record(1, funded)]).accepted == 1


def test_the_period_is_the_operators_not_the_servers(operator, funded):
    late = record(1, funded, period_start="2026-03-31T23:00:00", period_end="2026-03-31T23:30")
    ingest_usage(operator, [late])
    stored = UsageRecord.objects.get()
    assert (stored.year, stored.quarter) == (2026, 1)  # naive times are Seoul time
    assert stored.period_start.isoformat() == "2026-03-31T14:00:00+00:00"
