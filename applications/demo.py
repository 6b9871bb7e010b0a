"""Demo teams and applications for the three programmes. Every team and person is fictional.

Idempotent: a team is found by its call and Korean name before anything is created. The
historical applications are submitted through the real service, at a moment inside their
call's window, so that they carry references, snapshots and history like real ones.
"""

import datetime
import io
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.enums import OrganisationType as T
from accounts.enums import Role
from accounts.models import Department, Organisation, User
from accounts.roles import grant_role
from applications import services
from applications.enums import BudgetCategory as C
from applications.enums import FundingSource as F
from applications.enums import OrganisationRole
from applications.models import (
    BudgetLine,
    DataRequest,
    GpuRequest,
    Participant,
    StaffRequest,
    StudentQuota,
    Team,
)
from programmes.models import Call

KST = ZoneInfo("Asia/Seoul")
MILLION = 1_000_000
WBL_2025 = "과학기술정보통신부 공고 제2025-0071호"
WBL_2026 = "과학기술정보통신부 공고 제2026-0412호"
PATHFINDER = "과학기술정보통신부 공고 제2026-0388호"
CHIP_SCHOOL = "과학기술정보통신부 공고 제2023-0215호"

# (team name ko, en, lead organisation, manager username, manager full name)
WBL_TEAMS = [
    ("한빛 파운데이션 컨소시엄", "Hanbit Foundation Consortium", "한빛전자", "wbl01", "배성호"),
    ("누리 언어모델 연합", "Nuri LLM Alliance", "누리텔레콤", "wbl02", "류지현"),
    ("가람 초거대AI 컨소시엄", "Garam Hyperscale AI", "가람그룹", "wbl03", "신동욱"),
    ("미리내 AI 얼라이언스", "Mirinae AI Alliance", "미리내소프트", "wbl04", "조은비"),
    ("해오름 멀티모달 팀", "Haeoreum Multimodal", "해오름정보통신", "wbl05", "권태양"),
    ("별빛 소버린 AI", "Byeolbit Sovereign AI", "별빛클라우드", "wbl06", "홍서윤"),
    ("다온 한국어 모델 컨소시엄", "Daon Korean Model Consortium", "다온시스템즈", "applicant1", ""),
    ("아라 데이터 중심 LLM", "Ara Data-centric LLM", "아라데이터", "wbl08", "남궁민"),
    ("온새미로 오픈모델 팀", "Onsaemiro Open Model", "온새미로", "wbl09", "황보라"),
    ("라온 추론모델 연합", "Raon Reasoning Alliance", "라온테크", "wbl10", "송재원"),
    ("국가지능 공공 LLM", "National Public LLM", "국가지능정보연구원", "wbl11", "엄기준"),
    ("언어지능 K-모델", "K-Model Language Intelligence", "한국언어지능연구원", "wbl12", "차수진"),
    ("새빛 과학 AI 컨소시엄", "Saebit Science AI", "새빛과학기술원", "wbl13", "여민호"),
    ("한결 오픈사이언스 LLM", "Hangyeol Open Science LLM", "한결대학교", "wbl14", "탁현우"),
    ("푸른솔 경량모델 팀", "Pureunsol Efficient Models", "푸른솔대학교", "wbl15", "모지원"),
]
UNIVERSITIES = [
    "한결대학교",
    "새빛과학기술원",
    "푸른솔대학교",
    "늘봄대학교",
    "여울대학교",
    "마루공과대학교",
    "가온대학교",
    "초롱대학교",
    "한울대학교",
    "다솜대학교",
]
GPU_PLANS = [("B200", 512), ("H100", 1024), ("B200", 768), ("H200", 1000), ("H100", 1024)]
# Per organisation type, yearly amounts in 백만원: government, cash, in kind (within the
# standard matching rules: large ≤50% government and ≥15% cash, mid-sized ≤70%/13%, SME ≤75%/10%).
SHARES = {
    T.LARGE: (6_000, 2_000, 4_000),
    T.MIDSIZE: (4_200, 1_000, 800),
    T.SME: (600, 100, 100),
    T.UNIVERSITY: (1_500, 0, 0),
    T.GRI: (2_000, 0, 0),
}


def _pdf():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# The principal investigator's department at each institution. The 2025 call applies the 2024
# department rule, so these decide the conflicts: only reviewer1 (한결대학교 컴퓨터공학과) sits
# in the same department as a team, every other reviewer is from another department.
PI_DEPARTMENTS = {
    "한결대학교": "컴퓨터공학과",
    "새빛과학기술원": "전기전자공학부",
    "푸른솔대학교": "컴퓨터공학과",
    "늘봄대학교": "인공지능학과",
    "여울대학교": "인공지능학과",
    "국가지능정보연구원": "AI컴퓨팅연구실",
    "한국언어지능연구원": "언어지능연구실",
    "미래계산과학연구원": "언어지능연구실",
    "한국반도체설계연구원": "AI컴퓨팅연구실",
}


def _pi_department(organisation):
    name = PI_DEPARTMENTS.get(organisation.name_ko, "인공지능학과")
    return Department.objects.filter(organisation=organisation, name_ko=name).first()


def _person(username, full_name, organisation, password):
    user, new = User.objects.get_or_create(
        username=username,
        defaults={
            "full_name": full_name,
            "email": f"{username}@{organisation.email_domains.first().domain}",
            "password": password,
            "organisation": organisation,
            "department": _pi_department(organisation),
            "email_verified": True,
        },
    )
    if new:
        grant_role(user, Role.APPLICANT)
    return user


def _budget(application, participant, years, factor=1):
    government, cash, in_kind = SHARES[participant.organisation.type]
    lines = []
    for year in years:
        for source, amount in ((F.GOVERNMENT, government), (F.CASH, cash), (F.IN_KIND, in_kind)):
            if not amount:
                continue
            if source == F.GOVERNMENT and amount >= 1_000:
                # Split the government part: salaries, research activities (GPU and cloud), indirect.
                parts = [
                    (C.SALARIES, amount * 4 // 10),
                    (C.ACTIVITIES, amount * 5 // 10),
                    (C.INDIRECT, amount - amount * 4 // 10 - amount * 5 // 10),
                ]
            elif source == F.IN_KIND:
                parts = [(C.EQUIPMENT, amount)]
            else:
                parts = [(C.SALARIES if source == F.CASH else C.ACTIVITIES, amount)]
            lines += [
                BudgetLine(
                    application=application,
                    participant=participant,
                    fiscal_year=year,
                    category=category,
                    source=source,
                    amount=part * MILLION * factor,
                )
                for category, part in parts
            ]
    bulk_create_with_history(lines, BudgetLine, default_change_reason="demo seed")


def _attach(application, kinds, user, pdf):
    for kind in kinds:
        services.attach_document(
            application,
            kind=kind,
            uploaded_file=SimpleUploadedFile(f"{kind}.pdf", pdf, "application/pdf"),
            by=user,
        )


def _team(call, name_ko, name_en, user, lead):
    team = Team.objects.filter(call=call, name_ko=name_ko).first()
    if team:
        return None
    return services.create_team(
        call=call, name_ko=name_ko, name_en=name_en, by=user, organisation=lead
    )


def seed_wbl(password, pdf):
    call = Call.objects.get(notice_number=WBL_2025)
    smes = list(
        Organisation.objects.filter(type=T.SME, business_number__contains="-86-").order_by(
            "business_number"
        )
    )
    created = 0
    for i, (name_ko, name_en, lead_name, username, full_name) in enumerate(WBL_TEAMS):
        lead = Organisation.objects.get(name_ko=lead_name)
        user = (
            User.objects.get(username=username)
            if not full_name
            else _person(username, full_name, lead, password)
        )
        team = _team(call, name_ko, name_en, user, lead)
        if team is None:
            continue
        created += 1
        application = team.application
        members = [lead]
        university = Organisation.objects.get(name_ko=UNIVERSITIES[i % len(UNIVERSITIES)])
        if university != lead:
            Participant.objects.create(
                team=team, organisation=university, role=OrganisationRole.JOINT
            )
            members.append(university)
        for sme in smes[i * 8 : (i + 1) * 8][: 10 - len(members)]:
            Participant.objects.create(
                team=team, organisation=sme, role=OrganisationRole.PARTICIPATING_COMPANY
            )
        participants = list(team.participants.select_related("organisation"))
        for participant in participants:
            participant.department = _pi_department(participant.organisation)
            if participant.department:
                participant.save(update_fields=["department"])
            _budget(application, participant, (2025, 2026, 2027))
        team.members.filter(department__isnull=True).update(department=user.department)
        gpu_type, count = GPU_PLANS[i % len(GPU_PLANS)]
        GpuRequest.objects.create(
            application=application,
            gpu_type=gpu_type,
            count=count,
            gpu_hours_per_quarter=count * 24 * 91,
        )
        DataRequest.objects.create(
            application=application,
            dataset="한국어 웹·뉴스 말뭉치",
            supplier="열린말뭉치재단",
            volume_tb=120 + i * 10,
            licence="CC BY-NC",
        )
        DataRequest.objects.create(
            application=application,
            dataset="저작권 도서 공동구매분",
            supplier="한국공공데이터센터",
            volume_tb=35,
            licence="공동구매 계약",
        )
        StaffRequest.objects.create(
            application=application, role="해외 초빙 연구책임자", fte=1, months=36, overseas=True
        )
        StaffRequest.objects.create(
            application=application, role="사전학습 엔지니어", fte=12, months=36, overseas=False
        )
        services.save_draft(
            application,
            version=None,
            by=user,
            changes={
                "title_ko": f"{name_ko}의 한국형 초거대 파운데이션 모델 개발",
                "title_en": f"{name_en}: a Korean frontier foundation model",
                "summary": "글로벌 최고 수준 대비 95% 이상의 성능을 목표로 하는 독자 파운데이션 모델을 "
                "사전학습부터 공개까지 직접 개발합니다.",
                "objectives": "1단계: 100B급 모델 사전학습\n2단계: 추론·멀티모달 확장\n3단계: 오픈 웨이트 공개",
                "kpis": "최근 6개월 내 공개된 글로벌 최고 모델 대비 95% 이상 (벤치마크 평균)",
                # The English version the teams supply for foreign evaluators.
                "summary_en": "We build a sovereign foundation model ourselves, from pre-training "
                "to open release, aiming at 95% or more of the best global model.",
                "objectives_en": "Stage 1: pre-train a 100B-class model\nStage 2: reasoning and "
                "multimodal extensions\nStage 3: open-weight release",
                "kpis_en": "At least 95% of the best global model released in the previous six "
                "months (benchmark average)",
                "duration_months": 36,
                "starts_on": datetime.date(2025, 8, 1),
            },
        )
        _attach(application, ["proposal", "commitment_letter"], user, pdf)
        moment = datetime.datetime(2025, 7, 10, 9, 0, tzinfo=KST) + datetime.timedelta(hours=7 * i)
        services.submit_application(application, by=user, now=moment, notify=False)
    return created


def seed_wbl_draft():
    call = Call.objects.get(notice_number=WBL_2026)
    user = User.objects.get(username="applicant1")
    team = _team(call, "다온 파운데이션 2026", "Daon Foundation 2026", user, user.organisation)
    if team is None:
        return 0
    Participant.objects.create(
        team=team,
        organisation=Organisation.objects.get(name_ko="가온대학교"),
        role=OrganisationRole.JOINT,
    )
    services.save_draft(
        team.application,
        version=None,
        by=user,
        changes={
            "title_ko": "다온 한국어 추론 특화 파운데이션 모델",
            "summary": "추가 정예팀 공모를 위한 작성 중인 신청서입니다.",
            "duration_months": 30,
        },
    )
    return 1


PATHFINDERS = [
    # username, name, host, QS years, big-tech years, firm, submitted
    ("applicant3", "", "가온대학교", 12, 0, "", True),
    ("pf01", "Dr. Minho Kang", "새빛과학기술원", 4, 9, "Global Search Inc.", True),
    ("pf02", "Dr. Sora Yoon", "국가지능정보연구원", 11, 2, "", True),
    ("pf03", "Dr. Jae Park", "여울대학교", 6, 5, "Cloudscale Corp.", False),
    ("pf04", "Dr. Tae Yang", "마루공과대학교", 3, 8, "Northwind Labs", True),
]


def seed_pathfinder(password, pdf):
    call = Call.objects.get(notice_number=PATHFINDER)
    created = 0
    for username, full_name, host_name, qs, bigtech, firm, submit in PATHFINDERS:
        host = Organisation.objects.get(name_ko=host_name)
        user = (
            User.objects.get(username=username)
            if not full_name
            else _person(username, full_name, host, password)
        )
        name = f"{user.display_name} 유치 과제"
        team = _team(call, name, f"Recruitment of {user.display_name}", user, host)
        if team is None:
            continue
        created += 1
        application = team.application
        now = timezone.now()
        years = (now.year, now.year + 1, now.year + 2)
        bulk_create_with_history(
            [
                BudgetLine(
                    application=application,
                    participant=team.participants.get(),
                    fiscal_year=year,
                    category=category,
                    source=F.GOVERNMENT,
                    amount=amount,
                )
                for year in years
                for category, amount in (
                    (C.SALARIES, 1_200 * MILLION),
                    (C.ACTIVITIES, 500 * MILLION),
                    (C.RUNNING, 200 * MILLION),
                )
            ],
            BudgetLine,
            default_change_reason="demo seed",
        )
        StaffRequest.objects.create(
            application=application, role="연구책임자(해외 유치)", fte=1, months=36, overseas=True
        )
        services.save_draft(
            application,
            version=None,
            by=user,
            changes={
                "title_ko": f"{user.display_name} 박사 초청: 차세대 추론 모델 연구",
                "title_en": f"Hosting {user.display_name}: next-generation reasoning models",
                "summary": "해외 우수 연구자를 유치하여 독자 AI 정예팀과 공동연구를 수행합니다.",
                "duration_months": 36,
                "researcher_name": user.display_name,
                "host_organisation": host,
                "qs_top100_years": qs,
                "bigtech_years": bigtech,
                "bigtech_firm": firm,
            },
        )
        if submit:
            _attach(application, ["proposal", "cv", "eligibility_evidence"], user, pdf)
            services.submit_application(application, by=user, notify=False)
    return created


SCHOOLS = [
    ("applicant2", "", "마루공과대학교", "마루 AI반도체 대학원"),
    ("gs01", "이서연", "초롱대학교", "초롱 지능형반도체 대학원"),
    ("gs02", "김도현", "한울대학교", "한울 AI칩 설계 대학원"),
]


def seed_chip_schools(password, pdf):
    call = Call.objects.get(notice_number=CHIP_SCHOOL)
    created = 0
    for i, (username, full_name, university_name, name_ko) in enumerate(SCHOOLS):
        university = Organisation.objects.get(name_ko=university_name)
        user = (
            User.objects.get(username=username)
            if not full_name
            else _person(username, full_name, university, password)
        )
        team = _team(call, name_ko, "", user, university)
        if team is None:
            continue
        created += 1
        application = team.application
        participant = team.participants.get()
        bulk_create_with_history(
            [
                BudgetLine(
                    application=application,
                    participant=participant,
                    fiscal_year=year,
                    category=category,
                    source=F.GOVERNMENT,
                    # Year 1 was about 14억 because teaching began in the autumn.
                    amount=(amount if year > 2023 else amount * 14 // 30) * MILLION,
                )
                for year in range(2023, 2029)
                for category, amount in (
                    (C.SALARIES, 900),
                    (C.STUDENT_SALARIES, 1_200),
                    (C.EQUIPMENT, 500),
                    (C.INDIRECT, 300),
                )
            ],
            BudgetLine,
            default_change_reason="demo seed",
        )
        StudentQuota.objects.bulk_create(
            [
                StudentQuota(application=application, year=year, masters=18 + i * 2, phd=6 + i)
                for year in range(2023, 2029)
            ]
        )
        services.save_draft(
            application,
            version=None,
            by=user,
            changes={
                "title_ko": f"{name_ko} 설립·운영",
                "summary": "AI반도체 설계와 시스템 소프트웨어를 함께 가르치는 석·박사 과정을 운영합니다.",
                "duration_months": 72,
                "starts_on": datetime.date(2023, 9, 1),
                "faculty_count": 8 + i,
                "curriculum_summary": "NPU 아키텍처, 컴파일러, RTL 설계, 산학 프로젝트, 기업 인턴십",
            },
        )
        _attach(application, ["proposal", "curriculum"], user, pdf)
        moment = datetime.datetime(2023, 4, 12, 14, 0, tzinfo=KST) + datetime.timedelta(days=i)
        services.submit_application(application, by=user, now=moment, notify=False)
    return created


def seed(stdout=None):
    password = make_password("demo-pass-2025")
    pdf = _pdf()
    return {
        "world best llm": seed_wbl(password, pdf),
        "replacement drafts": seed_wbl_draft(),
        "pathfinder": seed_pathfinder(password, pdf),
        "graduate schools": seed_chip_schools(password, pdf),
    }
