"""Demo organisations and people. Every name is fictional; the domains are reserved .example.

Idempotent: rows are found by natural keys (business number, username) before being created.
"""

from django.contrib.auth.hashers import make_password

from accounts.enums import OrganisationType, Role
from accounts.models import Department, EmailDomain, Organisation, User
from accounts.roles import grant_role

DEMO_PASSWORD = "demo-pass-2025"

T = OrganisationType
# (Korean name, English name, type, e-mail domain)
NAMED_ORGANISATIONS = [
    ("한빛전자", "Hanbit Electronics", T.LARGE, "hanbit-elec.example"),
    ("누리텔레콤", "Nuri Telecom", T.LARGE, "nuritel.example"),
    ("가람그룹", "Garam Group", T.LARGE, "garam.example"),
    ("미리내소프트", "Mirinae Soft", T.LARGE, "mirinae.example"),
    ("해오름정보통신", "Haeoreum ICT", T.LARGE, "haeoreum.example"),
    ("별빛클라우드", "Byeolbit Cloud", T.LARGE, "byeolbit.example"),
    ("다온시스템즈", "Daon Systems", T.MIDSIZE, "daon.example"),
    ("아라데이터", "Ara Data", T.MIDSIZE, "aradata.example"),
    ("온새미로", "Onsaemiro", T.MIDSIZE, "onsaemiro.example"),
    ("라온테크", "Raon Tech", T.MIDSIZE, "raontech.example"),
    ("한결대학교", "Hangyeol University", T.UNIVERSITY, "hangyeol.ac.example"),
    (
        "새빛과학기술원",
        "Saebit Institute of Science and Technology",
        T.UNIVERSITY,
        "saebit.ac.example",
    ),
    ("푸른솔대학교", "Pureunsol University", T.UNIVERSITY, "pureunsol.ac.example"),
    ("늘봄대학교", "Neulbom University", T.UNIVERSITY, "neulbom.ac.example"),
    ("여울대학교", "Yeoul University", T.UNIVERSITY, "yeoul.ac.example"),
    ("마루공과대학교", "Maru University of Technology", T.UNIVERSITY, "maru.ac.example"),
    ("가온대학교", "Gaon University", T.UNIVERSITY, "gaon.ac.example"),
    ("초롱대학교", "Chorong University", T.UNIVERSITY, "chorong.ac.example"),
    ("한울대학교", "Hanul University", T.UNIVERSITY, "hanul.ac.example"),
    ("다솜대학교", "Dasom University", T.UNIVERSITY, "dasom.ac.example"),
    (
        "국가지능정보연구원",
        "National Institute of Intelligent Information",
        T.GRI,
        "niii.re.example",
    ),
    ("한국언어지능연구원", "Korea Language Intelligence Institute", T.GRI, "klii.re.example"),
    ("미래계산과학연구원", "Future Computational Science Institute", T.GRI, "fcsi.re.example"),
    ("한국반도체설계연구원", "Korea Chip Design Research Institute", T.GRI, "kcdri.re.example"),
    ("지능정보사회진흥공단", "Intelligent Society Promotion Agency", T.PUBLIC, "ispa.or.example"),
    ("한국공공데이터센터", "Korea Public Data Centre", T.PUBLIC, "kpdc.or.example"),
    ("열린말뭉치재단", "Open Corpus Foundation", T.NONPROFIT, "opencorpus.or.example"),
    ("AI윤리포럼", "AI Ethics Forum", T.NONPROFIT, "aiethics.or.example"),
    ("노스브리지 AI 연구소", "Northbridge AI Lab", T.FOREIGN, "northbridge.example"),
    ("퍼시픽 딥러닝", "Pacific Deep Learning", T.FOREIGN, "pacificdl.example"),
]
# SMEs and start-ups, enough with the above for fifteen consortia of about ten.
SME_STEMS = [
    ("딥새김", "Deepsaegim"),
    ("말결", "Malgyeol"),
    ("글누리", "Geulnuri"),
    ("소리결", "Sorigyeol"),
    ("비전숲", "Vision Forest"),
    ("코드바다", "Code Bada"),
    ("한땀", "Handdam"),
    ("나래", "Narae"),
    ("슬기", "Seulgi"),
    ("도담", "Dodam"),
    ("모아", "Moa"),
    ("하람", "Haram"),
    ("이음", "Ieum"),
    ("누리봄", "Nuribom"),
    ("단비", "Danbi"),
    ("미소", "Miso"),
    ("바름", "Bareum"),
    ("새롬", "Saerom"),
    ("아름", "Areum"),
    ("온다", "Onda"),
    ("차오름", "Chaoreum"),
    ("타래", "Tarae"),
    ("파랑", "Parang"),
    ("해랑", "Haerang"),
    ("구름다리", "Gureumdari"),
    ("늘품", "Neulpum"),
    ("든솔", "Deunsol"),
    ("라온누리", "Raonnuri"),
    ("별하", "Byeolha"),
    ("시나브로", "Sinabro"),
    ("어울림", "Eoullim"),
    ("푸름", "Pureum"),
    ("한빛나래", "Hanbit Narae"),
    ("가비", "Gabi"),
    ("나린", "Narin"),
    ("다래", "Darae"),
    ("로아", "Roa"),
    ("마중", "Majung"),
    ("보람", "Boram"),
    ("세움", "Seum"),
]
SME_SUFFIXES = [
    ("AI", "AI"),
    ("랩스", "Labs"),
    ("데이터", "Data"),
    ("로보틱스", "Robotics"),
    ("인텔리전스", "Intelligence"),
    ("NPU", "NPU"),
    ("소프트", "Soft"),
    ("비전", "Vision"),
    ("헬스케어", "Healthcare"),
    ("에듀", "Edu"),
    ("핀테크", "Fintech"),
    ("모빌리티", "Mobility"),
]
UNIVERSITY_DEPARTMENTS = [
    ("컴퓨터공학과", "Department of Computer Science and Engineering"),
    ("인공지능학과", "Department of Artificial Intelligence"),
    ("전기전자공학부", "School of Electrical and Electronic Engineering"),
    ("반도체시스템공학과", "Department of Semiconductor Systems Engineering"),
]
GRI_DEPARTMENTS = [
    ("언어지능연구실", "Language Intelligence Laboratory"),
    ("AI컴퓨팅연구실", "AI Computing Laboratory"),
]


def demo_organisation_specs():
    """All demo organisations as (ko, en, type, domain, business number), in a fixed order."""
    specs = [
        (*spec, f"{100 + i:03d}-81-{10000 + i:05d}") for i, spec in enumerate(NAMED_ORGANISATIONS)
    ]
    for i, (stem_ko, stem_en) in enumerate(SME_STEMS * 3):
        suffix_ko, suffix_en = SME_SUFFIXES[(i * 5 + i // len(SME_STEMS)) % len(SME_SUFFIXES)]
        kind = T.MIDSIZE if i % 9 == 0 else T.SME
        n = len(specs)
        specs.append(
            (
                f"{stem_ko}{suffix_ko}",
                f"{stem_en} {suffix_en}",
                kind,
                f"{stem_en.lower().replace(' ', '')}-{suffix_en.lower()}.example",
                f"{100 + n:03d}-86-{20000 + n:05d}",
            )
        )
    return specs


def seed_organisations():
    created = 0
    for name_ko, name_en, kind, domain, number in demo_organisation_specs():
        organisation, new = Organisation.objects.get_or_create(
            business_number=number, defaults={"name_ko": name_ko, "name_en": name_en, "type": kind}
        )
        created += new
        EmailDomain.objects.get_or_create(domain=domain, defaults={"organisation": organisation})
        departments = {T.UNIVERSITY: UNIVERSITY_DEPARTMENTS, T.GRI: GRI_DEPARTMENTS}.get(kind, [])
        for dept_ko, dept_en in departments:
            Department.objects.get_or_create(
                organisation=organisation, name_ko=dept_ko, defaults={"name_en": dept_en}
            )
    return created


def organisation(name_ko):
    return Organisation.objects.get(name_ko=name_ko)


# username, full name, role, organisation (Korean name), department, position, expertise
PEOPLE = [
    ("officer", "김정민", Role.PROGRAMME_OFFICER, None, None, "사무관 (Deputy Director)", ""),
    ("finance1", "이수현", Role.FINANCE_OFFICER, None, None, "주무관 (Finance)", ""),
    ("finance2", "박지훈", Role.FINANCE_OFFICER, None, None, "서기관 (Finance)", ""),
    ("auditor", "최은영", Role.AUDITOR, None, None, "감사관 (Auditor)", ""),
    ("chair", "정태호", Role.REVIEWER, "새빛과학기술원", "인공지능학과", "교수", "LLM, evaluation"),
    ("reviewer1", "강민서", Role.REVIEWER, "한결대학교", "컴퓨터공학과", "교수", "NLP, LLM"),
    ("reviewer2", "윤서준", Role.REVIEWER, "푸른솔대학교", "인공지능학과", "교수", "multimodal"),
    (
        "reviewer3",
        "장하은",
        Role.REVIEWER,
        "국가지능정보연구원",
        "언어지능연구실",
        "책임연구원",
        "data, corpora",
    ),
    ("reviewer4", "임도윤", Role.REVIEWER, "늘봄대학교", "전기전자공학부", "교수", "AI chips, NPU"),
    (
        "reviewer5",
        "한지우",
        Role.REVIEWER,
        "미래계산과학연구원",
        "AI컴퓨팅연구실",
        "책임연구원",
        "HPC, GPU clusters",
    ),
    (
        "reviewer6",
        "오예린",
        Role.REVIEWER,
        "여울대학교",
        "컴퓨터공학과",
        "교수",
        "safety, alignment",
    ),
    (
        "reviewer7",
        "Daniel Moreau",
        Role.REVIEWER,
        "노스브리지 AI 연구소",
        None,
        "Principal Scientist",
        "pre-training, scaling",
    ),
    ("applicant1", "서민준", Role.APPLICANT, "다온시스템즈", None, "AI연구소장", "LLM"),
    (
        "applicant2",
        "문가영",
        Role.APPLICANT,
        "마루공과대학교",
        "반도체시스템공학과",
        "교수",
        "AI chips",
    ),
    (
        "applicant3",
        "Dr. Hana Lee",
        Role.APPLICANT,
        "가온대학교",
        "인공지능학과",
        "초빙교수",
        "reinforcement learning",
    ),
]


def seed_people():
    password = make_password(DEMO_PASSWORD)  # hash once: hashing is slow on purpose
    created = 0
    for username, full_name, role, org_name, dept_name, position, expertise in PEOPLE:
        org = organisation(org_name) if org_name else None
        dept = Department.objects.get(organisation=org, name_ko=dept_name) if dept_name else None
        domain = org.email_domains.first().domain if org else "msit.go.example"
        user, new = User.objects.get_or_create(
            username=username,
            defaults={
                "full_name": full_name,
                "email": f"{username}@{domain}",
                "password": password,
                "organisation": org,
                "department": dept,
                "position": position,
                "expertise": expertise,
                "email_verified": True,
                # Staff roles read the admin site (sync_role_permissions gives them view rights).
                "is_staff": role in (Role.PROGRAMME_OFFICER, Role.FINANCE_OFFICER, Role.AUDITOR),
            },
        )
        created += new
        if new:
            grant_role(user, role)
    return created


def seed(stdout=None):
    return {"organisations": seed_organisations(), "people": seed_people()}
