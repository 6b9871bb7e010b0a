"""Demo programmes and calls with the real 2025 figures (see shared DOMAIN.md).

The historical calls have fixed dates; the calls open for new drafts are dated around the day
the demo is seeded so that the demo stays lived-in. Found by notice number, so idempotent.
"""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from accounts.enums import OrganisationType as T
from programmes.enums import Agency, ApplicantKind, DocumentKind, StageKind
from programmes.models import Call, InstitutionShareRule, Programme, ProgrammeBudget, Stage

KST = ZoneInfo("Asia/Seoul")
EOK = 100_000_000  # 억


def kst(year, month, day, hour=0, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=KST)


PROGRAMMES = [
    {
        "code": "wbl",
        "name_ko": "독자 AI 파운데이션 모델 프로젝트",
        "name_en": "World Best LLM Project (Sovereign AI Foundation Model)",
        "agency": Agency.NIPA,
        "description_ko": (
            "국가대표 AI 정예팀 5개를 선정하여 최대 3년간 GPU·데이터·인재를 집중 지원합니다. "
            "GPU는 NIPA, 데이터는 NIA, 평가는 IITP가 맡습니다. 약 6개월마다 단계평가로 "
            "계속 지원 여부를 정합니다."
        ),
        "description_en": (
            "Selects five elite teams and supports them for up to three years with GPUs, "
            "high-quality data and top-tier personnel. NIPA provides GPUs, NIA data and IITP runs "
            "the evaluation; stage gates about every six months decide who continues."
        ),
        # Passed on 2025-05-01 inside the AI supplementary budget of 1조 9,067억 원.
        "budgets": {2025: 2_136 * EOK},
    },
    {
        "code": "pathfinder",
        "name_ko": "AI 패스파인더",
        "name_en": "AI Pathfinder Project",
        "agency": Agency.IITP,
        "description_ko": (
            "해외 최고급 AI 연구자를 유치합니다. 1인당 연 최대 20억 원(매칭)을 인건비·연구비·"
            "체재비로 지원하며, 유치 인재는 독자 AI 파운데이션 모델 정예팀에 우선 배치됩니다."
        ),
        "description_en": (
            "Attracts world-class AI researchers from abroad with up to KRW 2 billion a year each "
            "(matched) for labour, research and stay costs; recruits go first to the World Best "
            "LLM teams."
        ),
        # Demo figure: five recruits at the yearly maximum (the appropriation is not public).
        "budgets": {2026: 100 * EOK},
    },
    {
        "code": "ai-chip-grad",
        "name_ko": "인공지능반도체 대학원",
        "name_en": "AI Chip-specialised Graduate Schools",
        "agency": Agency.IITP,
        "description_ko": (
            "인공지능반도체 설계와 소프트웨어를 함께 가르치는 석·박사 과정 3개 대학을 지원합니다. "
            "대학당 연 약 30억 원, 6년(3+3년, 3년 차 계속평가) 동안 164억 원입니다."
        ),
        "description_en": (
            "Supports three universities teaching AI-chip design and software at master's and PhD "
            "level: about KRW 3 billion a year each, KRW 16.4 billion over six years (3 + 3, with "
            "a continuation review after year 3)."
        ),
        # Year 1 was about 14억 per school because teaching began in the autumn.
        "budgets": {2023: 42 * EOK, 2024: 90 * EOK, 2025: 90 * EOK, 2026: 90 * EOK},
    },
]

STANDARD_SHARES = [
    (T.LARGE, 50, 15),
    (T.MIDSIZE, 70, 13),
    (T.SME, 75, 10),
    (T.UNIVERSITY, 100, 0),
    (T.GRI, 100, 0),
    (T.PUBLIC, 100, 0),
    (T.NONPROFIT, 100, 0),
]

WBL_STAGES = [
    (StageKind.ELIGIBILITY, "요건 검토", "Eligibility screening"),
    (StageKind.DOCUMENT, "서면평가", "Document review"),
    (StageKind.PRESENTATION, "발표평가", "Presentation review"),
    (StageKind.BUDGET, "사업비 심의·조정", "Budget deliberation"),
    (StageKind.STAGE_GATE, "1차 단계평가", "Stage gate 1"),
]
SIMPLE_STAGES = [
    (StageKind.ELIGIBILITY, "요건 검토", "Eligibility screening"),
    (StageKind.DOCUMENT, "서면평가", "Document review"),
    (StageKind.PRESENTATION, "발표평가", "Presentation review"),
]


def calls(now):
    open_from = timezone.localtime(now, KST).replace(hour=10, minute=0, second=0, microsecond=0)
    open_from -= datetime.timedelta(days=14)
    open_until = (open_from + datetime.timedelta(days=45)).replace(hour=18)
    return [
        {
            "programme": "wbl",
            "notice_number": "과학기술정보통신부 공고 제2025-0071호",
            "reference_prefix": "WBL",
            "title_ko": "2025년 독자 AI 파운데이션 모델 프로젝트 정예팀 공모",
            "title_en": "World Best LLM Project 2025: call for elite teams",
            "description_ko": "컨소시엄(약 10개 기관) 단위로 신청하며, 대학 또는 대학원생 참여가 필수입니다.",
            "description_en": "Consortia of about ten organisations apply; a university must take part.",
            "opens_at": kst(2025, 6, 20, 10),
            "closes_at": kst(2025, 7, 21, 18),
            "quota": 5,
            "max_duration_months": 36,
            # Demo caps: the appropriation shared by five teams, per year and over three years.
            "cap_per_year": 42_720_000_000,
            "cap_total": 128_160_000_000,
            "applicant_kind": ApplicantKind.CONSORTIUM,
            "requires_university": True,
            "allowed_lead_types": [T.LARGE, T.MIDSIZE, T.SME, T.UNIVERSITY, T.GRI],
            "required_documents": [DocumentKind.PROPOSAL, DocumentKind.COMMITMENT_LETTER],
            "department_conflict_rule": True,
            "stages": WBL_STAGES,
            "shares": STANDARD_SHARES,
        },
        {
            "programme": "wbl",
            "notice_number": "과학기술정보통신부 공고 제2026-0412호",
            "reference_prefix": "WBLR",
            "title_ko": "독자 AI 파운데이션 모델 프로젝트 추가 정예팀 공모",
            "title_en": "World Best LLM Project: replacement call for an elite team",
            "description_ko": (
                "1차 단계평가 이후 추가 선정을 위한 공모입니다. 평가위원 과반이 적격으로 판단한 "
                "팀만 선정하며, 적격 팀이 없으면 선정하지 않을 수 있습니다."
            ),
            "description_en": (
                "A replacement call after stage gate 1: a team is selected only if a majority of "
                "evaluators accept it, and the ministry may select none."
            ),
            "opens_at": open_from,
            "closes_at": open_until,
            "quota": 1,
            "max_duration_months": 30,
            "cap_per_year": 42_720_000_000,
            "cap_total": 106_800_000_000,
            "applicant_kind": ApplicantKind.CONSORTIUM,
            "requires_university": True,
            "allowed_lead_types": [T.LARGE, T.MIDSIZE, T.SME, T.UNIVERSITY, T.GRI],
            "required_documents": [DocumentKind.PROPOSAL, DocumentKind.COMMITMENT_LETTER],
            "department_conflict_rule": True,
            "stages": WBL_STAGES,
            "shares": STANDARD_SHARES,
        },
        {
            "programme": "pathfinder",
            "notice_number": "과학기술정보통신부 공고 제2026-0388호",
            "reference_prefix": "PF",
            "title_ko": "2026년 AI 패스파인더 해외 우수연구자 유치 공모",
            "title_en": "AI Pathfinder 2026: call for overseas researchers",
            "description_ko": (
                "QS 상위 100위 컴퓨터과학 대학 10년 이상 또는 시가총액 2,000억 달러 이상 "
                "빅테크 7년 이상 연구 경력자가 국내 기관을 주관기관으로 신청합니다."
            ),
            "description_en": (
                "Researchers with ten or more years at a QS top-100 computer-science university, or "
                "seven or more at a big-tech firm worth at least USD 200 billion, apply through a "
                "Korean host institution."
            ),
            "opens_at": open_from,
            "closes_at": open_until,
            "quota": 5,
            "max_duration_months": 36,
            "cap_per_year": 2_000_000_000,
            "cap_total": 6_000_000_000,
            "applicant_kind": ApplicantKind.INDIVIDUAL,
            "requires_university": False,
            "allowed_lead_types": [T.LARGE, T.MIDSIZE, T.SME, T.UNIVERSITY, T.GRI],
            "required_documents": [
                DocumentKind.PROPOSAL,
                DocumentKind.CV,
                DocumentKind.ELIGIBILITY_EVIDENCE,
            ],
            "department_conflict_rule": True,
            "stages": SIMPLE_STAGES,
            "shares": STANDARD_SHARES,
        },
        {
            "programme": "ai-chip-grad",
            "notice_number": "과학기술정보통신부 공고 제2023-0215호",
            "reference_prefix": "AICG",
            "title_ko": "2023년 인공지능반도체 대학원 지원사업 신규과제 공모",
            "title_en": "AI Chip-specialised Graduate Schools 2023: call for universities",
            "description_ko": "전임교원 7명 이상, AI반도체 설계·SW 교육과정, 산학 프로젝트와 인턴십을 갖춘 대학.",
            "description_en": (
                "Universities with at least seven full-time faculty, an AI-chip design and software "
                "curriculum, industry projects and internships."
            ),
            "opens_at": kst(2023, 3, 20, 10),
            "closes_at": kst(2023, 4, 20, 18),
            "quota": 3,
            "max_duration_months": 72,
            "cap_per_year": 3_000_000_000,
            "cap_total": 16_400_000_000,
            "applicant_kind": ApplicantKind.UNIVERSITY,
            "requires_university": True,
            "allowed_lead_types": [T.UNIVERSITY],
            "required_documents": [DocumentKind.PROPOSAL, DocumentKind.CURRICULUM],
            "department_conflict_rule": False,
            "stages": SIMPLE_STAGES,
            "shares": STANDARD_SHARES,
        },
    ]


def seed(stdout=None, now=None):
    created = {"programmes": 0, "calls": 0}
    for spec in PROGRAMMES:
        spec = dict(spec)
        budgets = spec.pop("budgets")
        programme, new = Programme.objects.get_or_create(code=spec["code"], defaults=spec)
        created["programmes"] += new
        for year, amount in budgets.items():
            ProgrammeBudget.objects.get_or_create(
                programme=programme, fiscal_year=year, defaults={"amount": amount}
            )
    for spec in calls(now or timezone.now()):
        spec = dict(spec)
        stages, shares = spec.pop("stages"), spec.pop("shares")
        spec["programme"] = Programme.objects.get(code=spec["programme"])
        call, new = Call.objects.get_or_create(
            notice_number=spec["notice_number"], defaults={**spec, "is_published": True}
        )
        created["calls"] += new
        if not new:
            continue
        for order, (kind, name_ko, name_en) in enumerate(stages, start=1):
            Stage.objects.create(
                call=call, order=order, kind=kind, name_ko=name_ko, name_en=name_en
            )
        for org_type, government, cash in shares:
            InstitutionShareRule.objects.create(
                call=call,
                organisation_type=org_type,
                max_government_percent=government,
                min_cash_percent=cash,
            )
    return created
