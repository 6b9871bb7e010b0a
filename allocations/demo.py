"""Demo rows of the allocations app: the national pool as planned, the World Best LLM teams'
GPU time over 12 quarters, a year and more of daily usage, data grants and staff.

Idempotent, and a no-op for the teams until the awards demo has created the awards. All names
are fictional. Every write goes through the same services as the pages and the API.
"""

import datetime
import random
from collections import Counter

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from allocations import alerts, data_and_staff, services
from allocations.capacity import quarters_between
from allocations.ingest import ingest_usage
from allocations.models import (
    ClusterOperator,
    EquivalenceFactor,
    GpuPool,
    LedgerEntry,
    PoolTranche,
    QuarterClosure,
)
from awards.models import Award
from programmes.quarters import Quarter

FIRST, LAST = Quarter(2025, 4), Quarter(2028, 3)  # twelve quarters
D = datetime.date
GATE_1 = D(2026, 1, 15)  # results of the first stage gate
TRANCHES = [
    # (type, GPUs, from, until, held back %, status, note)
    ("H200", 2_296, D(2025, 12, 1), None, 5, "installed", "1차 도입분 (first tranche)"),
    ("B200", 2_040, D(2025, 10, 1), None, 5, "installed", "1차 도입분 (first tranche)"),
    ("H200", 4_104, D(2026, 7, 1), None, 5, "planned", "2차 도입 예정 (planned)"),
    ("B200", 1_560, D(2026, 7, 1), None, 5, "planned", "2차 도입 예정 (planned)"),
    ("H100", 2_200, D(2025, 10, 1), D(2028, 9, 30), 5, "installed",
     "민간 클라우드 임차 (leased from cloud providers)"),
]  # fmt: skip
FACTORS = [("H100", 1000), ("H200", 1000), ("B200", 2000), ("npu", 400)]
# Each team's GPUs (about H100 × 1,000 each) and how busy it keeps them on average.
TEAM_GPUS = [("B200", 512, 93), ("B200", 512, 86), ("H100", 1_024, 81), ("B200", 512, 42),
             ("H100", 1_024, 95)]  # fmt: skip
DATASETS = [
    ("저작권 말뭉치 공동구매분", "Jointly purchased copyrighted corpus", "한빛저작권데이터협회",
     "연구·개발 목적 한정, 재배포 금지, 사업 종료 후 1년 내 파기", "3.1 TB", 9_000_000_000),
    ("데이터셋 구축 지원", "Dataset building support", "누리데이터랩",
     "컨소시엄 내부 학습용, 결과 모델 공개 가능, 원본 공개 불가", "1.2 TB", 2_800_000_000),
]  # fmt: skip
STAFF = [("researcher", 100, 36, ""), ("engineer", 100, 24, ""), ("overseas", 50, 12, ""),
         ("data", 80, 36, ""), ("student", 50, 24, "")]  # fmt: skip


def _operator(pool):
    from accounts.demo import DEMO_PASSWORD
    from accounts.models import User

    user, _ = User.objects.get_or_create(
        username="gpu-operator",
        defaults={
            "full_name": "국가GPU센터 운영계정",
            "email": "ops@gpu-centre.example",
            "password": make_password(DEMO_PASSWORD),
            "email_verified": True,
        },
    )
    operator, new = ClusterOperator.objects.get_or_create(
        user=user, defaults={"pool": pool, "code": "national-ops", "name": "국가 GPU 센터 운영사"}
    )
    return operator, new


def _pool(created):
    pool, new = GpuPool.objects.get_or_create(
        code="national",
        defaults={"name_ko": "국가 GPU 풀", "name_en": "National GPU pool",
                  "carry_over_cap_percent": 10},
    )  # fmt: skip
    if new:
        for gpu_type, count, start, until, held, status, note in TRANCHES:
            PoolTranche.objects.create(
                pool=pool, gpu_type=gpu_type, count=count, available_from=start,
                available_until=until, maintenance_percent=held, status=status, note=note,
            )  # fmt: skip
            created["tranches"] += 1
    for gpu_type, per_mille in FACTORS:
        _, new_factor = EquivalenceFactor.objects.get_or_create(
            gpu_type=gpu_type, valid_from=D(2025, 1, 1), defaults={"h100_per_mille": per_mille}
        )
        created["factors"] += new_factor
    return pool


def _allocate(pool, award, gpu_type, count, officer, created):
    if LedgerEntry.objects.filter(award=award, pool=pool).exists():
        return
    for quarter in quarters_between(FIRST, LAST):
        services.plan_gpu_time(award=award, quarter=quarter, gpu_type=gpu_type, gpu_count=count)
        services.grant_gpu_time(
            award=award, pool=pool, quarter=quarter, gpu_type=gpu_type, gpu_count=count,
            by=officer, note="협약 배분 (agreement)",
        )  # fmt: skip
        created["ledger entries"] += 1
    for n, (name_ko, name_en, supplier, terms, volume, value) in enumerate(DATASETS):
        grant = data_and_staff.grant_data(
            award=award, name_ko=name_ko, name_en=name_en, supplier=supplier,
            licence_terms=terms, volume=volume, value=value, access_from=D(2025, 10, 1),
            access_until=D(2028, 9, 30) if n == 0 else timezone.localdate() + datetime.timedelta(
                days=45
            ), by=officer,
        )  # fmt: skip
        data_and_staff.attach_agreement(grant, uploaded_file=_agreement(award, grant), by=officer)
        data_and_staff.set_data_grant_status(grant, "agreed", by=officer)
        data_and_staff.set_data_grant_status(grant, "provided", by=officer)
        created["data grants"] += 1
    for role, fte, months, name in STAFF:
        post = data_and_staff.allocate_staff(
            award=award, role=role, fte_hundredths=fte, months=months,
            starts_on=D(2025, 10, 1), person_name=name, by=officer,
        )  # fmt: skip
        data_and_staff.record_staff_actuals(
            post, actual_fte_hundredths=max(0, fte - 10 * (role == "overseas")),
            actual_months=min(months, 14), by=officer,
        )  # fmt: skip
        created["staff"] += 1


def _agreement(award, grant):
    from programmes.pdf import render_pdf

    content = render_pdf("allocations/pdf/agreement.html", {"award": award, "grant": grant})
    return SimpleUploadedFile("3자협약서.pdf", content, content_type="application/pdf")


def _usage(operator, awards, created):
    """Daily records from the first quarter to yesterday, one per team, at its usual pace."""
    rows = []
    day, yesterday = FIRST.first_day, timezone.localdate() - datetime.timedelta(days=1)
    rng = random.Random(2025)
    while day <= min(yesterday, LAST.last_day):
        for award, (gpu_type, count, pace) in awards:
            if award.status == "terminated" and day > GATE_1:
                continue
            share = max(0, min(100, pace + rng.randint(-6, 6)))
            rows.append({
                "external_id": f"{award.number}-{day:%Y%m%d}", "award": award.number,
                "gpu_type": gpu_type, "period_start": f"{day}T00:00:00+09:00",
                "period_end": f"{day + datetime.timedelta(days=1)}T00:00:00+09:00",
                "gpu_seconds": count * 86_400 * share // 100,
            })  # fmt: skip
        day += datetime.timedelta(days=1)
    report = ingest_usage(operator, rows)
    created["usage records"] += report.accepted


def seed(stdout=None):
    from accounts.models import User

    created = Counter()
    pool = _pool(created)
    operator, new = _operator(pool)
    created["operators"] += new
    officer = User.objects.filter(username="officer").first()
    awards = list(
        Award.objects.filter(application__call__programme__code="wbl").order_by("number")[:5]
    )
    if not awards or officer is None:
        return dict(created)
    teams = list(zip(awards, TEAM_GPUS, strict=False))
    for award, (gpu_type, count, _pace) in teams:
        _allocate(pool, award, gpu_type, count, officer, created)
    for award in awards:
        if award.status == "terminated":  # eliminated at the first stage gate
            services.return_future_allocations(
                award=award, terminated_on=GATE_1, event_id="demo-gate-1", by=officer
            )
    _usage(operator, teams, created)
    current = Quarter.of(timezone.localdate())
    for quarter in quarters_between(FIRST, LAST):
        if quarter >= current:
            break
        if not QuarterClosure.objects.filter(
            pool=pool, year=quarter.year, quarter=quarter.number
        ).exists():
            services.close_quarter(pool=pool, quarter=quarter, by=officer)
            created["closed quarters"] += 1
    created["alerts"] += alerts.raise_alerts()
    return dict(created)
