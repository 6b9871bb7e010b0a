"""finance1 requests a tranche, finance2 approves and pays it, and the officer sees the
dashboard's figures move."""

import pytest
from playwright.sync_api import expect

from accounts.enums import Role
from accounts.roles import grant_role
from tests.awards.conftest import funded_award
from tests.awards.factories import TrancheFactory
from tests.e2e.conftest import log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def tranche_to_release(transactional_db):
    for username, role in [("finance1", Role.FINANCE_OFFICER), ("finance2", Role.FINANCE_OFFICER),
                           ("officer", Role.PROGRAMME_OFFICER)]:  # fmt: skip
        grant_role(UserFactory(username=username, full_name=username), role)
    award = funded_award({2025: 10_000_000_000}, number="AWD-2025-0042")
    return TrancheFactory(award=award, amount=4_000_000_000)


def team_row(page):
    return page.locator('#team-figures tr[data-award="AWD-2025-0042"][data-year="2025"]')


def test_finance1_requests_finance2_approves_and_the_officer_sees_it(
    live_server, page, tranche_to_release
):
    tranche = tranche_to_release
    log_in(page, live_server, "officer")
    page.goto(f"{live_server.url}/awards/dashboard/")
    expect(team_row(page).locator(".committed")).to_have_text("0")
    expect(team_row(page).locator(".disbursed")).to_have_text("0")

    log_in(page, live_server, "finance1")
    page.goto(f"{live_server.url}/awards/tranches/{tranche.pk}/")
    expect(page.locator("#remaining-balance")).to_have_text("100억 원")
    expect(page.locator("#after-this")).to_have_text("60억 원")
    page.click("#request-tranche")
    expect(page.locator("#tranche-status")).to_have_text("요청")
    expect(page.locator("#own-request")).to_be_visible()
    expect(page.locator("#approve-tranche")).to_have_count(0)  # never one's own request

    log_in(page, live_server, "finance2")
    page.goto(f"{live_server.url}/awards/tranches/{tranche.pk}/")
    expect(page.locator("#remaining-balance")).to_have_text("100억 원")
    page.click("#approve-tranche")
    expect(page.get_by_text("분할지급을 승인했습니다.")).to_be_visible()
    expect(page.locator("#tranche-status")).to_have_text("승인")

    log_in(page, live_server, "officer")
    page.goto(f"{live_server.url}/awards/dashboard/")
    expect(team_row(page).locator(".committed")).to_have_text("4,000")
    expect(team_row(page).locator(".disbursed")).to_have_text("0")

    log_in(page, live_server, "finance2")
    page.goto(f"{live_server.url}/awards/tranches/{tranche.pk}/")
    page.fill("input[name=payment_reference]", "KB-2025-0042")
    page.click("#pay-tranche")
    expect(page.locator("#tranche-status")).to_have_text("지급 완료")

    log_in(page, live_server, "officer")
    page.goto(f"{live_server.url}/awards/dashboard/")
    expect(team_row(page).locator(".disbursed")).to_have_text("4,000")
    expect(page.locator("#burnup-chart")).to_be_visible()


def test_the_team_manager_accepts_the_agreement_in_the_browser(live_server, page, transactional_db):
    from applications.enums import TeamPermission
    from tests.factories import TeamMemberFactory

    award = funded_award(status="offered", agreement_deadline=None, number="AWD-2025-0043")
    manager = UserFactory(username="team_manager")
    TeamMemberFactory(team=award.application.team, user=manager, permission=TeamPermission.MANAGER)
    log_in(page, live_server, "team_manager")
    page.goto(f"{live_server.url}/awards/")
    page.get_by_role("link", name="AWD-2025-0043").click()
    expect(page.locator("#award-status")).to_have_text("선정 통보")
    page.click("#accept-agreement")
    expect(page.get_by_text("협약을 체결했습니다.")).to_be_visible()
    expect(page.locator("#award-status")).to_have_text("협약 체결(수행 중)")
