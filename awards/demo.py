"""Demo awards: the five World Best LLM teams over 36 months, the three AI chip graduate
schools (3 + 3 years) and the Pathfinder recruits, with tranches in every state — including a
request by finance1 waiting for finance2 — reports, a carry-over and a settlement. Fictional
names. Every write goes through the services; idempotent (an awarded application is skipped).
"""

import datetime
from zoneinfo import ZoneInfo

from accounts.models import Organisation, User
from applications.enums import ApplicationStatus, FundingSource, OrganisationRole
from applications.models import Application
from applications.services import set_status as set_application_status
from awards import disbursements, reports, services, settlement
from awards.enums import InKindKind
from awards.models import Award, InKindSupport, Tranche
from programmes.models import Call

KST = ZoneInfo("Asia/Seoul")
WBL_2025 = "과학기술정보통신부 공고 제2025-0071호"
PATHFINDER = "과학기술정보통신부 공고 제2026-0388호"
CHIP_SCHOOL = "과학기술정보통신부 공고 제2023-0215호"
HEADS = ["대표이사 김하늘", "대표이사 박서준", "총장 이도윤", "원장 정유나", "대표이사 한지우",
         "총장 오세린", "원장 장민호", "대표이사 윤가람"]  # fmt: skip
PIS = ["김태윤", "이하린", "박준서", "최서아", "정민재", "강예린", "조현우", "윤소율", "임도현",
       "한지민", "신우진"]  # fmt: skip
CONDITIONS = [
    "1단계 평가 전 사전학습 데이터 출처 목록을 제출할 것",
    "오픈 웨이트 공개 일정과 라이선스를 협약 후 2개월 안에 확정할 것",
]


def at(*args):
    return datetime.datetime(*args, 9, 0, tzinfo=KST)


def _fill_letter_facts(application, n):
    """What a letter needs: the lead's head and address, the application's PI."""
    lead = application.team.participants.filter(role=OrganisationRole.LEAD).first()
    organisation = lead.organisation if lead else application.host_organisation
    if organisation and not organisation.head_name:
        title, name = HEADS[n % len(HEADS)].split(" ")
        Organisation.objects.filter(pk=organisation.pk).update(
            head_title=title, head_name=name, postal_code=f"0{4000 + n * 37}",
            address=f"서울특별시 가상구 미래로 {100 + n * 7} ({organisation.name_ko})",
        )  # fmt: skip
    if not application.principal_investigator:
        name = application.researcher_name or PIS[n % len(PIS)]
        Application.objects.filter(pk=application.pk).update(principal_investigator=name)


def _manager(application):
    member = application.team.members.filter(permission="manager").select_related("user").first()
    return member.user


def _award(application, n, officer, *, starts_on, ends_on, deadline, accepted_on, conditions=()):
    _fill_letter_facts(application, n)
    award = services.create_award(
        application, by=officer, starts_on=starts_on, ends_on=ends_on,
        agreement_deadline=deadline, conditions=conditions,
    )  # fmt: skip
    # 사업비 심의·조정: the government part cut by a tenth, the institution's share kept.
    cells = {}
    for line in award.funding.all():
        amount = line.amount
        if line.source == FundingSource.GOVERNMENT:
            amount = amount * 9 // 10 // 1_000_000 * 1_000_000
        cells[(line.fiscal_year, line.category, line.source)] = amount
    services.deliberate_budget(award, funding=cells, by=officer,
                               reason="사업비 심의위원회 조정: 정부지원금 10% 감액")  # fmt: skip
    services.accept_agreement(award, by=_manager(application), now=at(*accepted_on))
    return Award.objects.get(pk=award.pk)


def _government(award, year):
    return disbursements.queries.year_ceiling(award, year)


def _cash_shares(award, finance, years):
    for year in years:
        due = disbursements.queries.cash_share_due(award, year)
        if due:
            disbursements.record_cash_share(award, fiscal_year=year, amount=due, by=finance,
                                            received_on=datetime.date(year, 1, 15)
                                            if year > award.starts_on.year
                                            else award.starts_on)  # fmt: skip


def _paid(award, amount, due_on, finance1, finance2, reference):
    tranche = disbursements.schedule_tranche(award, fiscal_year=due_on.year, amount=amount,
                                             due_on=due_on, by=finance1)  # fmt: skip
    moment = at(due_on.year, due_on.month, due_on.day)
    disbursements.request_tranche(tranche, by=finance1, now=moment)
    disbursements.approve_tranche(tranche, by=finance2, now=moment + datetime.timedelta(days=1))
    disbursements.pay_tranche(tranche, by=finance2, reference=reference,
                              paid_on=due_on + datetime.timedelta(days=3))  # fmt: skip
    return tranche


def _phase_one_report(award, officer, *, accepted, ratio):
    phase = award.phases.get(number=1)
    report = reports.schedule_report(
        award, phase=phase, period_starts_on=phase.starts_on, period_ends_on=phase.ends_on,
        due_on=phase.ends_on + datetime.timedelta(days=30), by=officer,
    )  # fmt: skip
    manager = _manager(award.application)
    figures = {
        "frontier_ratio": {"actual": ratio, "note": "KMMLU·HAE-RAE·MMLU-Pro 평균"},
        "model_parameters": {"actual": 102}, "open_releases": {"actual": 1},
    }  # fmt: skip
    reports.submit_report(report, by=manager, figures=figures,
                          summary="1단계: 100B급 사전학습 완료, 최근 6개월 글로벌 최고 모델 대비 "
                          f"{ratio}% 달성, 오픈 웨이트 1종 공개.")  # fmt: skip
    if accepted:
        reports.accept_report(report, by=officer, comment="1단계 목표 달성 확인")
    return report


# The GPUs each World Best LLM team receives in kind (about H100 × 1,000 each, as reported; the
# allocations demo spreads the same counts over quarters), valued at an assumed leasing rate.
TEAM_GPUS = [("B200", 512), ("B200", 512), ("H100", 1_024), ("B200", 512), ("H100", 1_024)]
WON_PER_GPU_HOUR = {"B200": 16_000, "H100": 8_000}
DATA_BUILDING = 2_800_000_000  # 28억 per consortium for dataset building, as reported


def _in_kind(award, n):
    """GPUs for every fiscal year of the agreement, data building in the first: in kind, kept
    apart from cash (idempotent)."""
    gpu_type, count = TEAM_GPUS[n % len(TEAM_GPUS)]
    for year in range(award.starts_on.year, award.ends_on.year + 1):
        first = max(award.starts_on, datetime.date(year, 1, 1))
        last = min(award.ends_on, datetime.date(year, 12, 31))
        seconds = count * ((last - first).days + 1) * 86_400
        InKindSupport.objects.get_or_create(
            award=award, fiscal_year=year, kind=InKindKind.GPU,
            defaults={
                "description_ko": f"국가 GPU 풀 {gpu_type} {count:,}장",
                "description_en": f"National GPU pool, {gpu_type} × {count:,}",
                "gpu_type": gpu_type, "gpu_count": count, "gpu_seconds": seconds,
                "value": seconds // 3600 * WON_PER_GPU_HOUR[gpu_type],
            },
        )  # fmt: skip
    InKindSupport.objects.get_or_create(
        award=award, fiscal_year=award.starts_on.year, kind=InKindKind.DATA,
        defaults={
            "description_ko": "학습용 데이터 구축 지원 (저작물 공동 구매 별도)",
            "description_en": "Dataset building (joint purchase of copyrighted works apart)",
            "value": DATA_BUILDING,
        },
    )  # fmt: skip


def seed_wbl(officer, finance1, finance2):
    call = Call.objects.filter(notice_number=WBL_2025).first()
    if call is None:
        return 0
    selected = list(call.applications.filter(status=ApplicationStatus.SELECTED)
                    .order_by("reference"))  # fmt: skip
    created = 0
    for n, application in enumerate(selected):
        award = _award(
            application, n, officer, starts_on=datetime.date(2025, 8, 1),
            ends_on=datetime.date(2028, 7, 31), deadline=datetime.date(2025, 8, 29),
            accepted_on=(2025, 8, 20 + n % 5), conditions=CONDITIONS,
        )  # fmt: skip
        created += 1
        _in_kind(award, n)
        _cash_shares(award, finance1, (2025, 2026))
        year_2025, year_2026 = _government(award, 2025), _government(award, 2026)
        # The ACCESS pattern: half on award, half after the phase report.
        first = _paid(award, year_2025 // 2, datetime.date(2025, 9, 1), finance1, finance2,
                      f"KB-2025-{n + 1:03d}1")  # fmt: skip
        _paid(award, year_2025 - first.amount - (year_2025 // 10 if n == 0 else 0),
              datetime.date(2025, 12, 1), finance1, finance2, f"KB-2025-{n + 1:03d}2")  # fmt: skip
        _paid(award, year_2026 // 4, datetime.date(2026, 3, 3), finance1, finance2,
              f"KB-2026-{n + 1:03d}1")  # fmt: skip
        _phase_one_report(award, officer, accepted=n != 3, ratio=95 + n % 3)
        later = disbursements.schedule_tranche(
            award, fiscal_year=2026, amount=year_2026 // 4, due_on=datetime.date(2026, 9, 1),
            by=finance1,
        )  # fmt: skip
        if n in (0, 1):
            moment = at(2026, 9, 1)
            disbursements.request_tranche(later, by=finance1, now=moment)
            disbursements.approve_tranche(later, by=finance2, now=moment)
            disbursements.pay_tranche(later, by=finance2, reference=f"KB-2026-{n + 1:03d}2",
                                      paid_on=datetime.date(2026, 9, 4))  # fmt: skip
        elif n == 2:
            disbursements.request_tranche(later, by=finance1)  # waits for finance2
        elif n == 4:
            disbursements.request_tranche(later, by=finance1, now=at(2026, 9, 1))
            disbursements.approve_tranche(later, by=finance2, now=at(2026, 9, 2))
        q4 = disbursements.schedule_tranche(
            award, fiscal_year=2026, amount=year_2026 // 4, due_on=datetime.date(2026, 12, 1),
            by=finance1,
        )  # fmt: skip
        if n == 1:
            disbursements.cancel_tranche(q4, by=finance1, reason="2027년으로 이월 요청에 따라 취소")
            carry = settlement.request_carry_over(
                award, from_year=2026, amount=year_2026 // 4, by=finance1,
                reason="GPU 클러스터 구축 지연으로 4분기 집행분 이월",
            )  # fmt: skip
            settlement.decide_carry_over(carry, approve=True, by=officer)
        disbursements.schedule_tranche(
            award, fiscal_year=2027, amount=_government(award, 2027) // 2,
            due_on=datetime.date(2027, 3, 2), by=officer,
        )  # fmt: skip
        if n == 0:
            phase = award.phases.get(number=1)
            paid = settlement.paid_in_phase(phase)
            spent_salaries = paid * 4 // 10
            settlement.settle_phase(phase, by=officer, lines={
                "salaries": (spent_salaries, spent_salaries),
                "activities": (paid - spent_salaries, paid - spent_salaries - 1_200_000_000),
            })  # fmt: skip
            line = phase.settlement.get(category="activities")
            settlement.record_recovery(line, amount=800_000_000, by=officer,
                                       recovered_on=datetime.date(2026, 10, 15),
                                       reference="환수-2026-001")  # fmt: skip
    return created


def _select(application, officer):
    """Applications the reviews demo does not evaluate are moved to selected here."""
    if application.status == ApplicationStatus.SUBMITTED:
        set_application_status(application, ApplicationStatus.UNDER_REVIEW, by=officer)
    if application.status == ApplicationStatus.UNDER_REVIEW:
        set_application_status(application, ApplicationStatus.SELECTED, by=officer,
                               reason="데모: 선정평가 결과 선정")  # fmt: skip
    return application.status == ApplicationStatus.SELECTED


def seed_schools(officer, finance1, finance2):
    call = Call.objects.filter(notice_number=CHIP_SCHOOL).first()
    if call is None:
        return 0
    created = 0
    # applicant3's proposal stays submitted: it waits for the officer's screening in the demo.
    for n, application in enumerate(call.applications.filter(
        status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.SELECTED]
    ).exclude(team__members__user__username="applicant3").order_by("reference")):  # fmt: skip
        if not _select(application, officer):
            continue
        award = _award(
            application, 5 + n, officer, starts_on=datetime.date(2023, 9, 1),
            ends_on=datetime.date(2029, 8, 31), deadline=datetime.date(2023, 8, 31),
            accepted_on=(2023, 8, 25),
        )  # fmt: skip
        created += 1
        for year in (2023, 2024, 2025):
            _paid(award, _government(award, year), datetime.date(year, 9, 15) if year == 2023
                  else datetime.date(year, 3, 15), finance1, finance2,
                  f"NRF-{year}-{n + 1:02d}")  # fmt: skip
        spring = disbursements.schedule_tranche(
            award, fiscal_year=2026, amount=_government(award, 2026) // 2,
            due_on=datetime.date(2026, 3, 16), by=finance1,
        )  # fmt: skip
        disbursements.request_tranche(spring, by=finance1, now=at(2026, 3, 16))
        disbursements.approve_tranche(spring, by=finance2, now=at(2026, 3, 17))
        if n != 2:
            disbursements.pay_tranche(spring, by=finance2, reference=f"NRF-2026-{n + 1:02d}",
                                      paid_on=datetime.date(2026, 3, 20))  # fmt: skip
        # The second phase (years 4–6) follows the continuation review's report.
        phase = award.phases.get(number=1)
        report = reports.schedule_report(
            award, phase=phase, period_starts_on=phase.starts_on, period_ends_on=phase.ends_on,
            due_on=phase.ends_on + datetime.timedelta(days=45), by=officer,
        )  # fmt: skip
        if n == 0:
            reports.submit_report(report, by=_manager(application), figures={
                "students_enrolled": {"actual": 84}, "graduates": {"actual": 41},
                "faculty": {"actual": 9},
            }, summary="1단계(3년): 석·박사 84명 재학, 41명 졸업, 전임교원 9명.")  # fmt: skip
    return created


def seed_pathfinders(officer, finance1, finance2):
    call = Call.objects.filter(notice_number=PATHFINDER).first()
    if call is None:
        return 0
    wbl = list(Award.objects.filter(application__call__notice_number=WBL_2025).order_by("number"))
    created = 0
    # applicant3's proposal stays submitted: it waits for the officer's screening in the demo.
    for n, application in enumerate(call.applications.filter(
        status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.SELECTED]
    ).exclude(team__members__user__username="applicant3").order_by("reference")):  # fmt: skip
        if not _select(application, officer):
            continue
        years = sorted({line.fiscal_year for line in application.budget_lines.all()})
        starts_on = datetime.date(years[0], 3, 1)
        award = _award(
            application, 8 + n, officer, starts_on=starts_on,
            ends_on=services.add_months(starts_on, 36) - datetime.timedelta(days=1),
            deadline=starts_on + datetime.timedelta(days=20),
            accepted_on=(starts_on.year, 2, 25),
        )  # fmt: skip
        created += 1
        first = disbursements.schedule_tranche(
            award, fiscal_year=years[0], amount=_government(award, years[0]) // 2,
            due_on=datetime.date(years[0], 3, 10), by=finance1,
        )  # fmt: skip
        if n == 0:
            disbursements.request_tranche(first, by=finance1, now=at(years[0], 3, 10))
            disbursements.approve_tranche(first, by=finance2, now=at(years[0], 3, 11))
            disbursements.pay_tranche(first, by=finance2, reference=f"IITP-{years[0]}-P01",
                                      paid_on=datetime.date(years[0], 3, 13))  # fmt: skip
        phase = award.phases.get(number=1)
        report = reports.schedule_report(
            award, phase=phase, period_starts_on=phase.starts_on,
            period_ends_on=phase.starts_on + datetime.timedelta(days=180),
            due_on=phase.starts_on + datetime.timedelta(days=210), by=officer,
        )  # fmt: skip
        if n == 0 and wbl:
            reports.submit_report(report, by=_manager(application), figures={
                "recruited": {"actual": 1, "joins_award": wbl[n % len(wbl)]},
                "joint_papers": {"actual": 1},
            }, summary="연구자 부임 완료, 독자 AI 정예팀과 추론 모델 공동연구 착수.")  # fmt: skip
    return created


def seed(stdout=None):
    officer = User.objects.filter(username="officer").first()
    finance1 = User.objects.filter(username="finance1").first()
    finance2 = User.objects.filter(username="finance2").first()
    if not (officer and finance1 and finance2):
        return {"awards": 0, "tranches": 0}
    before = Tranche.objects.count()
    counts = {
        "world best llm awards": seed_wbl(officer, finance1, finance2),
        "graduate school awards": seed_schools(officer, finance1, finance2),
        "pathfinder awards": seed_pathfinders(officer, finance1, finance2),
    }
    counts["tranches"] = Tranche.objects.count() - before
    if stdout and counts["tranches"]:
        states = sorted(set(Tranche.objects.values_list("status", flat=True)))
        stdout.write(f"awards.demo: tranche states {', '.join(states)}")
    return counts
