"""finance1 requests a tranche, finance2 approves and pays it, and the officer sees the
dashboard's figures move, then goes from the dashboard to the award and downloads its letter."""

import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from accounts.enums import Role
from accounts.roles import grant_role
from applications.enums import OrganisationRole
from letters.models import AwardLetter
from tests.awards.conftest import funded_award
from tests.awards.factories import TrancheFactory
from tests.e2e.conftest import log_in
from tests.factories import OrganisationFactory, ParticipantFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def tranche_to_release(transactional_db):
    for username, role in [("finance1", Role.FINANCE_OFFICER), ("finance2", Role.FINANCE_OFFICER),
                           ("officer", Role.PROGRAMME_OFFICER)]:  # fmt: skip
        grant_role(UserFactory(username=username, full_name=username), role)
    award = funded_award(
        {2025: 10_000_000_000},
        number="AWD-2025-0042",
        application__title_ko="한국어 초거대 언어모델 개발",
        application__team__name_ko="한빛 컨소시엄",
    )
    lead = OrganisationFactory(name_ko="한빛인공지능", head_title="대표이사", head_name="정한빛")
    ParticipantFactory(team=award.application.team, organisation=lead, role=OrganisationRole.LEAD)
    return TrancheFactory(award=award, amount=4_000_000_000)


def team_row(page):
    return page.locator('#team-figures tr[data-award="AWD-2025-0042"][data-year="2025"]')


def press_on(page, target, tabs=80, key="Enter"):
    """Tab from where the focus is until `target` has it, then press Enter (or `key`): the step
    can be done with the keyboard alone."""
    for _ in range(tabs):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            page.keyboard.press(key)
            return
    raise AssertionError(f"{target} is not reached with Tab on {page.url}")


def pdf_text(data):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def download_the_award_letter(page, axe):
    """From the dashboard's row of the award, by keyboard: the award, its letters page, issue
    the letter, download it. Returns the download."""
    press_on(page, team_row(page).get_by_role("link", name="AWD-2025-0042"))
    expect(page.get_by_role("heading", level=1)).to_have_text("한국어 초거대 언어모델 개발")
    axe(page)
    # A link styled as a button, like the page's other actions: Space works as on a button.
    press_on(page, page.get_by_role("button", name="선정 통보서"), key="Space")
    expect(page.get_by_role("heading", level=1)).to_have_text("선정 통보서")
    expect(page.locator(".letter-table tbody")).to_contain_text(
        "이 과제에 발급된 통보서가 아직 없습니다."
    )
    axe(page)
    press_on(page, page.get_by_role("button", name="선정 통보서 발급"))
    expect(page.get_by_text("통보서를 발급하고 있습니다.")).to_be_visible()
    axe(page)
    with page.expect_download() as download:
        press_on(page, page.get_by_role("link", name="PDF 내려받기"))
    return download.value


def test_finance1_requests_finance2_approves_and_the_officer_sees_it(
    live_server, page, tranche_to_release, axe
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

    download = download_the_award_letter(page, axe)
    letter = AwardLetter.objects.get(award=tranche.award)
    assert re.fullmatch(r"인공지능기반정책과-\d+", letter.document_number)
    assert download.suggested_filename == f"{letter.award.number}_{letter.document_number}.pdf"
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"%PDF-")
    assert len(data) == letter.size
    text = pdf_text(data)
    assert "한국어 초거대 언어모델 개발" in text
    assert "한빛 컨소시엄" in text
    assert "수신 한빛인공지능 대표이사" in text
    assert "금 일백억원정(₩10,000,000,000)" in text  # the amount written the Korean way


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
