"""A national pool with one installed tranche per type, the factors, and an operator."""

import datetime

import pytest

from allocations.models import ClusterOperator, EquivalenceFactor, GpuPool, PoolTranche
from programmes.quarters import Quarter
from tests.awards.factories import AwardFactory
from tests.factories import UserFactory

Q1 = Quarter(2026, 1)  # 90 days: one GPU all quarter is 7,776,000 GPU-seconds
DAY = 86_400


@pytest.fixture
def pool(db):
    pool = GpuPool.objects.create(code="national", name_ko="국가 GPU 풀", name_en="National pool")
    # 100 B200 from the start of 2026, none held back; 10 H100 with 10% held back.
    PoolTranche.objects.create(
        pool=pool, gpu_type="B200", count=100, available_from=datetime.date(2026, 1, 1),
        maintenance_percent=0, status="installed",
    )  # fmt: skip
    PoolTranche.objects.create(
        pool=pool, gpu_type="H100", count=10, available_from=datetime.date(2025, 1, 1),
        maintenance_percent=10, status="installed",
    )  # fmt: skip
    EquivalenceFactor.objects.create(
        gpu_type="H100", valid_from=datetime.date(2025, 1, 1), h100_per_mille=1000
    )
    EquivalenceFactor.objects.create(
        gpu_type="B200", valid_from=datetime.date(2025, 1, 1), h100_per_mille=2000
    )
    return pool


@pytest.fixture
def other_pool(db):
    return GpuPool.objects.create(code="npu-centre", name_ko="NPU 데이터센터")


@pytest.fixture
def award(db):
    return AwardFactory()


@pytest.fixture
def other_award(db):
    return AwardFactory()


def make_operator(pool, code="kisti"):
    user = UserFactory(username=f"operator-{code}")
    return ClusterOperator.objects.create(pool=pool, user=user, code=code, name=code.upper())


@pytest.fixture
def operator(pool):
    return make_operator(pool)
