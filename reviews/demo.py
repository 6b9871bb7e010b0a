"""Demo evaluation of the 2025 World Best LLM call: 15 → document review → 10 → presentation
review → 5. Fictional people; every write goes through the services. Idempotent: nothing is
done once the document panel exists, and nothing when there are no submitted applications."""

import datetime
from zoneinfo import ZoneInfo

from accounts.models import User
from applications.enums import ApplicationStatus
from programmes.enums import StageKind
from programmes.models import Call
from reviews import services
from reviews.conflicts import ConflictIndex
from reviews.enums import AggregationMethod, DecisionRule, PanelPurpose, PanelRole
from reviews.models import Criterion, Panel, Review, ScaleLevel

KST = ZoneInfo("Asia/Seoul")
WBL_2025 = "과학기술정보통신부 공고 제2025-0071호"
REVIEWERS = [f"reviewer{i}" for i in range(1, 8)]
LEVELS = [(5, "탁월", "Excellent"), (4, "우수", "Very good"), (3, "보통", "Fair"),
          (2, "미흡", "Poor"), (1, "불량", "Very poor")]  # fmt: skip
DOCUMENT_CRITERIA = [
    ("기술 역량 및 개발 계획의 타당성", "Technical capability and plan", 30),
    ("GPU·데이터·인력 소요의 적정성", "Appropriateness of GPUs, data and staff", 20),
    ("컨소시엄 구성 및 추진 체계", "Consortium and governance", 20),
    ("성과 목표(KPI)의 도전성", "Ambition of the KPIs", 15),
    ("개방·확산 및 파급효과", "Openness and impact", 15),
]
PRESENTATION_CRITERIA = [
    ("발표 내용의 구체성", "Concreteness of the presentation", 40),
    ("질의응답 및 실현 가능성", "Answers and feasibility", 35),
    ("연구책임자 리더십", "Leadership of the PI", 25),
]
KNOCKOUT = ("독자성 (해외 모델 미세조정 배제)", "Independence (no fine-tuned foreign model)")
OPINIONS = [
    "사전학습 데이터 확보 계획이 구체적이며 GPU 소요 산정이 합리적임.",
    "컨소시엄 역할 분담이 명확하나 평가 벤치마크 설정을 보완할 필요가 있음.",
    "KPI가 도전적이며 오픈 웨이트 공개 계획이 파급효과가 큼.",
    "인력 확보 계획의 실현 가능성에 대한 근거가 다소 부족함.",
]


def kst(*args):
    return datetime.datetime(*args, tzinfo=KST)


def _panel(stage, name_ko, name_en, purpose, criteria, *, cutline, opens, closes):
    panel = Panel.objects.create(
        stage=stage, name_ko=name_ko, name_en=name_en, purpose=purpose, cutline=cutline,
        aggregation=AggregationMethod.TRIMMED_MEAN, trim_min_reviews=5,
        reviews_per_application=5, max_per_reviewer=11, opens_at=opens, closes_at=closes,
        show_peer_scores=purpose == PanelPurpose.SELECT,
    )  # fmt: skip
    for value, ko, en in LEVELS:
        ScaleLevel.objects.create(panel=panel, value=value, name_ko=ko, name_en=en)
    for order, (ko, en, weight) in enumerate(criteria, start=1):
        Criterion.objects.create(panel=panel, order=order, name_ko=ko, name_en=en, weight=weight)
    Criterion.objects.create(
        panel=panel, order=len(criteria) + 1, name_ko=KNOCKOUT[0], name_en=KNOCKOUT[1],
        weight=0, is_knockout=True,
    )  # fmt: skip
    return panel


def _staff(panel, chair, reviewers, officer):
    services.add_panel_member(panel, user=chair, role=PanelRole.CHAIR, by=officer)
    for user in [chair, *reviewers]:
        member = services.add_panel_member(
            panel, user=user, role=PanelRole.CHAIR if user == chair else PanelRole.MEMBER,
            by=officer,
        )  # fmt: skip
        services.sign_pledge(member, by=user)


def _score_all(panel, strength, moment):
    """Deterministic scores: a team's strength plus a small per-reviewer lean."""
    criteria = list(panel.criteria.all())
    reviews = Review.objects.filter(panel=panel).select_related("reviewer", "application")
    for n, review in enumerate(reviews.order_by("id")):
        base = strength[review.application_id]
        lean = (review.reviewer_id * 7 + review.application_id * 3) % 3 - 1
        levels = {
            c.pk: max(1, min(5, base + lean + (i % 2))) for i, c in enumerate(criteria)
            if not c.is_knockout
        }  # fmt: skip
        passes = {c.pk: True for c in criteria if c.is_knockout}
        services.save_scores(
            review, by=review.reviewer, version=review.version, levels=levels, passes=passes,
            recommend=base + lean >= 4, comment="", summary=OPINIONS[n % len(OPINIONS)],
            now=moment,
        )  # fmt: skip
        services.submit_review(review, by=review.reviewer, now=moment)


def seed(stdout=None):
    created = {"panels": 0, "reviews": 0, "decisions": 0}
    call = Call.objects.filter(notice_number=WBL_2025).first()
    if call is None or Panel.objects.filter(stage__call=call).exists():
        return created
    applications = list(call.applications.filter(status=ApplicationStatus.SUBMITTED))
    if not applications:
        if stdout:
            stdout.write("reviews.demo: no submitted World Best LLM applications; skipped.")
        return created
    officer = User.objects.get(username="officer")
    chair = User.objects.get(username="chair")
    reviewers = list(User.objects.filter(username__in=REVIEWERS).order_by("username"))
    document = call.stages.get(kind=StageKind.DOCUMENT)
    presentation = call.stages.get(kind=StageKind.PRESENTATION)

    doc_panel = _panel(
        document, "서면평가위원회", "Document review panel", PanelPurpose.SHORTLIST,
        DOCUMENT_CRITERIA, cutline=10, opens=kst(2025, 7, 22, 9), closes=kst(2025, 8, 1, 18),
    )  # fmt: skip
    _staff(doc_panel, chair, reviewers, officer)
    services.auto_assign(doc_panel, by=officer)
    # Strength by submission order, so that the demo has a clear but not trivial ranking.
    ordered = sorted(applications, key=lambda a: a.reference)
    strength = {a.pk: 5 - (i * 4) // len(ordered) for i, a in enumerate(ordered)}
    _score_all(doc_panel, strength, kst(2025, 7, 30, 17))
    services.record_decision(
        doc_panel, rule=DecisionRule.TOP_K, k=10, by=officer,
        rationale="서면평가 상위 10개 컨소시엄을 발표평가 대상으로 선정",
    )  # fmt: skip
    services.publish_results(doc_panel, by=officer)

    pres_panel = _panel(
        presentation, "발표평가위원회", "Presentation review panel", PanelPurpose.SELECT,
        PRESENTATION_CRITERIA, cutline=None, opens=kst(2025, 8, 5, 9),
        closes=kst(2025, 8, 8, 18),
    )  # fmt: skip
    _staff(pres_panel, chair, reviewers, officer)
    services.auto_assign(pres_panel, by=officer)
    _score_all(pres_panel, strength, kst(2025, 8, 7, 17))
    services.record_decision(
        pres_panel, rule=DecisionRule.TOP_K, k=5, by=officer,
        rationale="발표평가 결과 상위 5개 정예팀 최종 선정 (공고 선정 규모 5개 팀)",
    )  # fmt: skip
    services.publish_results(pres_panel, by=officer)

    conflicts = ConflictIndex(applications)
    conflicts.remember(reviewers)
    conflicted = [r.username for r in reviewers if conflicts.conflicted_ids(r)]
    if stdout:
        stdout.write(f"reviews.demo: reviewers with detected conflicts: {', '.join(conflicted)}")
    created["panels"] = 2
    created["reviews"] = Review.objects.filter(panel__stage__call=call).count()
    created["decisions"] = doc_panel.decisions.count() + pres_panel.decisions.count()
    return created
