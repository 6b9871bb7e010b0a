import pytest

from tests.e2e.conftest import DEMO_PASSWORD, log_in

pytestmark = pytest.mark.browser


def test_officer_logs_in_and_sees_the_three_programmes(live_server, page, demo):
    log_in(page, live_server, "officer", DEMO_PASSWORD)
    cards = page.locator(".cards article h3")
    assert cards.all_inner_texts() == [
        "독자 AI 파운데이션 모델 프로젝트",
        "AI 패스파인더",
        "인공지능반도체 대학원",
    ]
    assert page.get_by_text("2,136억 원").is_visible()
    assert page.locator("summary", has_text="김정민").is_visible()
