import io
import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from accounts.demo import DEMO_PASSWORD as DEMO_PASSWORD  # seed_demo accounts' password
from tests.support import require

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make around
# it are ordinary synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PASSWORD = "test-pass-2025"  # tests/factories.UserFactory's


@pytest.fixture(scope="session")
def browser():
    require(
        os.path.exists(CHROMIUM) or shutil.which("chromium"),
        f"no Chromium at {CHROMIUM}: install Debian's chromium package for the browser tests",
    )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="ko-KR", timezone_id="Asia/Seoul")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def demo(transactional_db, settings):
    """The seed_demo data (the command refuses to run unless DEBUG); its accounts log in with
    DEMO_PASSWORD."""
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())


def log_in(page, live_server, username, password=PASSWORD):
    """Log in through the login form from a fresh session, landing on the home page."""
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


# axe-core, vendored from npm (tests/e2e/vendor/README.md). Playwright evaluates it through the
# DevTools protocol, which the page's strict CSP does not govern, so no page script is relaxed.
AXE_SOURCE = Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"
AXE_BLOCKING = ("serious", "critical")


def axe_violations(page):
    """The page's serious and critical axe-core violations: [(rule, impact, [targets])]."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE_SOURCE.read_text(encoding="utf-8"))
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        (v["id"], v["impact"], [" ".join(n["target"]) for n in v["nodes"]][:5])
        for v in results["violations"]
        if v["impact"] in AXE_BLOCKING
    ]


@pytest.fixture
def axe():
    """axe(page) fails the test with the violations of the page as it stands."""

    def check(page):
        violations = axe_violations(page)
        assert violations == [], f"{page.url}: {violations}"

    return check
