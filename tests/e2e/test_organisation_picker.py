"""Organisation pickers are searchable with the keyboard alone (150 options in the demo)."""

import pytest

from tests.factories import OrganisationFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def organisations(transactional_db):
    for i in range(150):
        OrganisationFactory(name_ko=f"가상기관{i:03d}", type="sme")
    return OrganisationFactory(name_ko="한결대학교", type="university")


def test_typing_filters_the_organisations_and_enter_chooses_the_match(
    live_server, page, organisations
):
    page.goto(f"{live_server.url}/accounts/register/")
    search = page.get_by_role("searchbox", name="기관 이름으로 찾기")

    search.focus()
    page.keyboard.type("한결")
    shown = page.eval_on_selector_all(
        "select[name=organisation] option:not([hidden])", "os => os.map(o => o.textContent)"
    )
    page.keyboard.press("Enter")

    assert shown == ["---------", "한결대학교"]
    assert page.locator("select[name=organisation]").input_value() == str(organisations.pk)
    assert page.evaluate("document.activeElement.name") == "organisation"
    # Nothing was submitted by that Enter.
    assert page.url == f"{live_server.url}/accounts/register/"


def test_no_match_is_announced(live_server, page, organisations):
    page.goto(f"{live_server.url}/accounts/register/")

    page.get_by_role("searchbox", name="기관 이름으로 찾기").fill("없는기관")

    assert page.locator(".select-search-note").inner_text() == "조건에 맞는 기관이 없습니다."
