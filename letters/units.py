"""The ministry's own issuing unit, used when a programme's agency has none set up.

The office, people and contact details are fictional (demo data: e-mail under .example); an
officer corrects them in the admin before the first real letter.
"""

from letters.enums import Disclosure

DEFAULT_UNIT = {
    "issuer_ko": "과학기술정보통신부",
    "issuer_en": "Ministry of Science and ICT",
    "sender_title_ko": "과학기술정보통신부장관",
    "sender_title_en": "Minister of Science and ICT",
    "seal_text": "과학기술정보통신부장관인",
    "unit_ko": "인공지능기반정책과",
    "unit_en": "AI Infrastructure Policy Division",
    "drafter_position": "사무관",
    "drafter_name": "김하늘",
    "reviewer_position": "서기관",
    "reviewer_name": "이도윤",
    "approver_position": "과장",
    "approver_name": "박서준",
    "postal_code": "30121",
    "address_ko": "세종특별자치시 갈매로 477 정부세종청사 4동",
    "address_en": "Government Complex Sejong Bldg. 4, 477 Galmae-ro, Sejong 30121",
    "website": "www.msit.go.kr",
    "telephone": "044-202-6000",
    "fax": "044-202-6009",
    "email": "ai-policy@msit.example",
    "disclosure": Disclosure.PUBLIC,
    "objection_days": 10,
}
