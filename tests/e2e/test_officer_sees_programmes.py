import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())


def test_officer_logs_in_and_sees_the_three_programmes(live_server, page, demo):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "officer")
    page.fill("input[name=password]", "demo-pass-2025")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    cards = page.locator(".cards article h3")
    assert cards.all_inner_texts() == [
        "독자 AI 파운데이션 모델 프로젝트",
        "AI 패스파인더",
        "인공지능반도체 대학원",
    ]
    assert page.get_by_text("2,136억 원").is_visible()
    assert page.locator("summary", has_text="김정민").is_visible()
