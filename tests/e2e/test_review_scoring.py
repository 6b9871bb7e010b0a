"""A reviewer signs the pledge, scores with the keyboard and submits; the chair sees the
ranking; an officer selects five."""

import re

import pytest
from playwright.sync_api import expect

from applications.models import Application
from reviews import services
from reviews.enums import PanelPurpose, PanelRole
from reviews.models import Review
from tests.e2e.conftest import log_in
from tests.factories import ApplicationFactory, UserFactory
from tests.reviews.factories import PanelFactory, PanelMemberFactory, rubric

pytestmark = pytest.mark.browser


@pytest.fixture
def panel_under_way(transactional_db, reviewer, officer):
    reviewer.email = "reviewer@simsa.ac.example"
    reviewer.save()
    panel = PanelFactory(
        purpose=PanelPurpose.SELECT,
        name_ko="발표평가위원회",
        aggregation="mean",
        stage__call__quota=5,
    )
    rubric(panel, weights=(60, 40), knockout=True)
    chair = UserFactory(username="chair", email="chair@chair.example")
    PanelMemberFactory(panel=panel, user=chair, role=PanelRole.CHAIR)
    PanelMemberFactory(panel=panel, user=reviewer, pledge_signed_at=None)
    others = [UserFactory(username=f"peer{i}", email=f"peer{i}@p{i}.example") for i in range(2)]
    for other in others:
        PanelMemberFactory(panel=panel, user=other)
    apps = [
        ApplicationFactory(
            team__call=panel.stage.call,
            status="submitted",
            reference=f"TST-2025-{i:04d}",
            title_ko=f"초거대 모델 과제 {i}",
        )  # fmt: skip
        for i in range(1, 7)
    ]
    services.assign_reviewers(panel, pairs=[(reviewer, apps[0])], by=officer)
    services.assign_reviewers(panel, pairs=[(o, a) for o in others for a in apps], by=officer)
    criteria = list(panel.criteria.all())
    for n, review in enumerate(Review.objects.exclude(reviewer=reviewer).order_by("id")):
        level = 5 - (n % 6) // 2
        services.save_scores(
            review, by=review.reviewer, version=review.version,
            levels={c.pk: level for c in criteria if not c.is_knockout},
            passes={c.pk: True for c in criteria if c.is_knockout}, recommend=True,
        )  # fmt: skip
        services.submit_review(review, by=review.reviewer)
    return panel


def test_reviewer_scores_with_the_keyboard_and_the_officer_selects_five(
    live_server, page, panel_under_way, reviewer
):
    panel = panel_under_way
    log_in(page, live_server, "reviewer")
    page.goto(f"{live_server.url}/reviews/")
    expect(page.get_by_text("TST-2025-0001")).to_have_count(0)  # nothing before the pledge
    page.get_by_role("button", name="서약서 읽고 서명하기").click()
    page.click("#sign-pledge")
    page.get_by_role("link", name=re.compile("TST-2025-0001")).click()

    expect(page.locator("#proposal-title")).to_have_text("초거대 모델 과제 1")
    page.keyboard.press("5")  # first criterion, then the focus moves on
    page.keyboard.press("4")
    page.keyboard.press("1")  # the knock-out: pass
    page.get_by_text("예, 추천합니다").click()
    expect(page.locator("#save-status")).to_contain_text("저장됨")
    expect(page.locator("#rubric-progress")).to_contain_text("3개 항목 중 3개")
    page.keyboard.press("Control+Enter")
    expect(page.get_by_text("평가를 제출했습니다.")).to_be_visible()
    review = Review.objects.get(reviewer=reviewer)
    assert (review.status, str(review.total)) == ("submitted", "92.00")

    log_in(page, live_server, "chair")
    page.goto(f"{live_server.url}/reviews/panels/{panel.pk}/ranking/")
    expect(page.locator("table.ranking tbody tr:not(.cutline)")).to_have_count(6)
    expect(page.locator("tr.cutline")).to_contain_text("선정선 (5)")
    expect(page.get_by_role("link", name="결정 기록")).to_have_count(0)

    log_in(page, live_server, "officer")
    page.goto(f"{live_server.url}/reviews/panels/{panel.pk}/ranking/")
    page.click("#go-decide")
    page.select_option("select[name=rule]", "top_k")
    page.fill("input[name=k]", "5")
    page.fill("textarea[name=rationale]", "발표평가 상위 5개 팀 선정")
    page.click("#confirm-decision")
    expect(page.get_by_text("결정을 기록했습니다: 5개 과제 선정.")).to_be_visible()
    assert Application.objects.filter(status="selected").count() == 5
    assert Application.objects.filter(status="not_selected").count() == 1
