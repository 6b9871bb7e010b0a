import datetime

import pytest

from allocations import capacity, services
from allocations.models import EquivalenceFactor, PoolTranche
from programmes.quarters import Quarter
from tests.allocations.conftest import DAY, Q1


def test_capacity_counts_days_available_and_holds_back_the_maintenance_share(pool):
    PoolTranche.objects.create(
        pool=pool, gpu_type="B200", count=10, available_from=datetime.date(2026, 3, 2),
        maintenance_percent=20,
    )  # fmt: skip
    by_type = capacity.capacity_by_type(pool.tranches.all(), Q1)
    # 100 × 90 days, plus 10 GPUs × 30 days (2 March to 31 March) less 20%.
    assert by_type["B200"] == 100 * 90 * DAY + 10 * 30 * DAY * 80 // 100
    assert by_type["H100"] == 10 * 90 * DAY * 90 // 100
    assert isinstance(by_type["B200"], int)


def test_a_tranche_ending_mid_quarter_counts_only_its_days(pool):
    PoolTranche.objects.create(
        pool=pool, gpu_type="H200", count=4, available_from=datetime.date(2025, 1, 1),
        available_until=datetime.date(2026, 1, 10), maintenance_percent=0,
    )  # fmt: skip
    assert capacity.capacity_by_type(pool.tranches.all(), Q1)["H200"] == 4 * 10 * DAY
    assert "H200" not in capacity.capacity_by_type(pool.tranches.all(), Quarter(2026, 2))


def test_a_new_factor_applies_from_its_date_and_leaves_earlier_days_alone(pool):
    EquivalenceFactor.objects.create(
        gpu_type="B200", valid_from=datetime.date(2026, 4, 1), h100_per_mille=2500
    )
    assert services.factor("B200", datetime.date(2026, 3, 31)) == 2000
    assert services.factor("B200", datetime.date(2026, 4, 1)) == 2500


def test_a_quarter_string_is_parsed_or_refused():
    assert capacity.parse_quarter("2026Q3") == Quarter(2026, 3)
    assert capacity.parse_quarter("2026-q1") == Quarter(2026, 1)
    for bad in ["2026Q5", "Q1", "abcdQ1", "1900Q1"]:
        with pytest.raises(ValueError):
            capacity.parse_quarter(bad)
