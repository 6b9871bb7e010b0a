"""Staff land on their work: the officer's home lists what waits with counts and links;
finance1's administration link opens an admin site that admits them."""

import re

import pytest
from playwright.sync_api import expect

from applications.models import Application
from tests.e2e.conftest import DEMO_PASSWORD, log_in

pytestmark = pytest.mark.browser


def test_officer_lands_on_the_work_queue_and_follows_it(live_server, page, demo):
    log_in(page, live_server, "officer", DEMO_PASSWORD)
    queue = page.locator(".work-queue")
    expect(queue.get_by_role("heading", name="처리할 일")).to_be_visible()
    screening = queue.locator(".work-item", has_text="심사할 신청서")
    waiting = Application.objects.filter(status="submitted").count()
    assert waiting > 0
    expect(screening.locator(".work-count")).to_have_text(str(waiting))
    # The queue comes before the public programme cards.
    assert page.evaluate(
        "document.querySelector('.work-queue').compareDocumentPosition("
        "document.querySelector('.cards')) & Node.DOCUMENT_POSITION_FOLLOWING"
    )
    screening.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/applications/\?status=submitted$"))
    expect(page.locator("#application-table tbody tr")).to_have_count(waiting)


def test_finance_administration_link_is_not_refused(live_server, page, demo):
    log_in(page, live_server, "finance1", DEMO_PASSWORD)
    expect(page.locator(".work-queue")).to_be_visible()
    page.locator(".main-nav").get_by_role("link", name="관리").click()
    expect(page).to_have_url(f"{live_server.url}/admin/")
    # The admin admits them and shows what they may read (view rights only).
    expect(page.locator("#content")).to_contain_text("사이트 관리")
    expect(page.locator("tr.model-application a.viewlink")).to_be_visible()
    expect(page.get_by_role("link", name="추가")).to_have_count(0)
