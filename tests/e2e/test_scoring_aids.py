"""A reviewer sees when the period ends, a running total and the focus on the active criterion;
when the period closes under them, the page stops taking input and says so; the chair is not
offered a reopening that could not be saved."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reviews import services
from reviews.models import Review
from tests.e2e.conftest import log_in
from tests.factories import ApplicationFactory, UserFactory
from tests.reviews.factories import PanelFactory, PanelMemberFactory, rubric

pytestmark = pytest.mark.browser


@pytest.fixture
def scoring(transactional_db, officer):
    panel = PanelFactory(name_ko="서면평가위원회")
    rubric(panel, weights=(60, 40), knockout=True)
    reviewer = UserFactory(username="reviewer", email="reviewer@simsa.example")
    chair = UserFactory(username="chair", email="chair@chair.example")
    PanelMemberFactory(panel=panel, user=chair, role="chair")
    PanelMemberFactory(panel=panel, user=reviewer)
    apps = [
        ApplicationFactory(team__call=panel.stage.call, status="submitted", reference=ref)
        for ref in ("TST-2025-0001", "TST-2025-0002")
    ]
    services.assign_reviewers(panel, pairs=[(reviewer, a) for a in apps], by=officer)
    return panel, Review.objects.filter(reviewer=reviewer).order_by("application__reference")


def test_running_total_focus_and_a_period_closing_under_the_reviewer(live_server, page, scoring):
    panel, (review, other) = scoring
    log_in(page, live_server, "reviewer")
    page.goto(f"{live_server.url}/reviews/{review.pk}/")
    end = timezone.localtime(panel.closes_at)
    expect(page.locator(".scoring-period")).to_contain_text(
        f"평가 기간 종료 {end.year}. {end.month}. {end.day}."
    )
    expect(page.locator("#running-total-value")).to_have_text("0.00")
    page.keyboard.press("4")  # criterion 1 (60 points): 4 of 5 → 48
    expect(page.locator("#running-total-value")).to_have_text("48.00")
    # The focus follows the active criterion, so a screen reader announces it by name.
    focused = page.evaluate("document.activeElement.getAttribute('aria-labelledby')")
    second = page.locator(".criterion[data-criterion]").nth(1)
    assert focused == second.get_attribute("aria-labelledby")
    page.keyboard.press("5")  # criterion 2 (40 points): 5 of 5 → 40
    expect(page.locator("#running-total-value")).to_have_text("88.00")
    expect(page.locator("#save-status")).to_contain_text("저장됨")

    Panel = type(panel)
    Panel.objects.filter(pk=panel.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    page.fill("#comment", "마감 뒤에 쓴 의견")
    expect(page.locator("#save-status")).to_contain_text("평가 기간이")
    expect(page.locator("#score-form input[type=radio]").first).to_be_disabled()
    expect(page.locator("#submit-review")).to_have_count(0)

    page.goto(f"{live_server.url}/reviews/{other.pk}/")
    expect(page.locator("#window-closed")).to_contain_text("점수를 더 저장할 수 없습니다")
    expect(page.locator("#save-status")).to_have_text("저장할 수 없습니다.")
    expect(page.locator("#score-form input[type=radio]").first).to_be_disabled()
    page.keyboard.press("5")
    expect(page.locator("#running-total-value")).to_have_text("0.00")


def test_chair_is_not_offered_a_reopening_after_the_period(live_server, page, scoring, officer):
    panel, (review, _other) = scoring
    criteria = list(panel.criteria.all())
    services.save_scores(
        review, by=review.reviewer, version=review.version,
        levels={c.pk: 5 for c in criteria if not c.is_knockout},
        passes={c.pk: True for c in criteria if c.is_knockout}, recommend=True,
    )  # fmt: skip
    services.submit_review(review, by=review.reviewer)
    log_in(page, live_server, "chair")
    page.goto(f"{live_server.url}/reviews/panels/{panel.pk}/")
    expect(page.locator(".reopen-form")).to_have_count(1)
    type(panel).objects.filter(pk=panel.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    page.fill(".reopen-form input[name=reason]", "점수 입력 오류")
    page.click(".reopen-form button")  # the page was loaded while the period was open
    expect(page.locator(".messages")).to_contain_text("평가 기간이")
    expect(page.locator(".reopen-form")).to_have_count(0)
    expect(page.locator(".window-closed")).to_contain_text("제출된 평가를 다시 열 수 없습니다.")
    review.refresh_from_db()
    assert review.status == "submitted"
