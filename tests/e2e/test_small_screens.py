"""Pages fit a 390 px phone screen without sideways scrolling; tables become stacked rows."""

import re

import pytest

from applications.models import Application
from programmes.models import Call
from tests.e2e.conftest import DEMO_PASSWORD, log_in

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="ko-KR", timezone_id="Asia/Seoul")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def too_wide(page, live_server, paths):
    """The paths whose page is wider than the phone, with their width."""
    wide = {}
    for path in paths:
        page.goto(f"{live_server.url}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wide[path] = width
    return wide


def links(page, pattern, limit):
    hrefs = page.eval_on_selector_all("main a[href]", "as => as.map(a => a.getAttribute('href'))")
    return list(dict.fromkeys(h for h in hrefs if re.match(pattern, h)))[:limit]


def test_public_applicant_and_reviewer_pages_fit_390_px(live_server, phone, demo):
    calls = [f"/calls/{pk}/" for pk in Call.objects.values_list("pk", flat=True)]
    assert too_wide(phone, live_server, ["/", "/programmes/", "/accounts/register/", *calls]) == {}

    log_in(phone, live_server, "applicant1", DEMO_PASSWORD)
    draft = Application.objects.get(team__name_ko="다온 파운데이션 2026")
    submitted = Application.objects.get(reference="WBL-2025-0007")
    applicant_pages = [
        "/",
        "/applications/",
        f"/applications/{draft.pk}/",
        f"/applications/{draft.pk}/edit/",
        f"/applications/{draft.pk}/submit/",
        f"/applications/teams/{draft.team_id}/",
        f"/applications/{submitted.pk}/",
        f"/applications/{submitted.pk}/receipt/",
        f"/reviews/results/{submitted.pk}/",
    ]
    assert too_wide(phone, live_server, applicant_pages) == {}

    log_in(phone, live_server, "reviewer2", DEMO_PASSWORD)
    phone.goto(f"{live_server.url}/reviews/")
    reviews = links(phone, r"^/reviews/\d+/$", 3)
    assert len(reviews) == 3
    assert too_wide(phone, live_server, ["/reviews/", *reviews]) == {}

    log_in(phone, live_server, "chair", DEMO_PASSWORD)
    phone.goto(f"{live_server.url}/reviews/panels/")
    panels = links(phone, r"^/reviews/panels/\d+/$", 2)
    assert panels
    assert too_wide(phone, live_server, ["/reviews/panels/", *panels]) == {}


def test_tables_become_stacked_rows_led_by_their_headings(live_server, phone, demo):
    submitted = Application.objects.get(reference="WBL-2025-0007")
    log_in(phone, live_server, "applicant1", DEMO_PASSWORD)

    phone.goto(f"{live_server.url}/applications/{submitted.pk}/")
    first_cell = phone.locator("#gpu_requests tbody tr").first.locator("td").first

    assert first_cell.evaluate("td => getComputedStyle(td.parentElement).display") == "block"
    assert first_cell.get_attribute("data-label") == "GPU 종류"
    label = first_cell.evaluate("td => getComputedStyle(td, '::before').content")
    assert label == '"GPU 종류"'
    assert (
        phone.locator("#gpu_requests thead").evaluate("h => h.getBoundingClientRect().height") <= 1
    )
