"""Autosave merges into the page: nothing typed back to back is lost, and a user's own
autosaves never count as someone else's."""

import pytest

from applications.enums import TeamPermission
from programmes.enums import ApplicantKind
from tests.e2e.conftest import log_in
from tests.factories import ApplicationFactory, CallFactory, TeamMemberFactory

pytestmark = pytest.mark.browser

TYPED = {
    "title_ko": "해외 석학 초청 추론 모델 연구",
    "title_en": "Hosting a reasoning-model scholar",
    "summary": "한국어 추론 모델을 공동 연구합니다.",
    "objectives": "국제 벤치마크 상위 1%",
    "kpis": "논문 5편, 공개 모델 2종",
    "duration_months": "36",
    "researcher_name": "Dr. Hana Lee",
    "qs_top100_years": "11",
    "bigtech_firm": "Global Search Inc.",
}


@pytest.fixture
def draft(transactional_db, applicant):
    call = CallFactory(applicant_kind=ApplicantKind.INDIVIDUAL, max_duration_months=36)
    application = ApplicationFactory(team__call=call, title_ko="")
    TeamMemberFactory(team=application.team, user=applicant, permission=TeamPermission.MANAGER)
    return application


def test_nine_fields_typed_back_to_back_are_all_saved_without_a_conflict(live_server, page, draft):
    log_in(page, live_server, "applicant")
    page.goto(f"{live_server.url}/applications/{draft.pk}/edit/")
    saves = []
    page.on(
        "response",
        lambda r: (
            saves.append(r.status)
            if r.url.endswith("/edit/") and r.request.method == "POST"
            else None
        ),
    )

    # No pauses: each fill moves focus on while the previous field's autosave is in flight.
    for name, value in TYPED.items():
        page.locator(f"#draft-form [name={name}]").fill(value)
        page.locator(f"#draft-form [name={name}]").press("Tab")
    page.click("#draft-form button[type=submit]")
    page.wait_for_selector(".message-success")

    assert saves and all(status in (200, 302) for status in saves)
    assert "다른 사람이 저장했습니다" not in page.content()
    draft.refresh_from_db()
    stored = {name: str(getattr(draft, name)) for name in TYPED}
    assert stored == TYPED
    # The reloaded page shows what was typed, and the version kept pace with every save.
    for name, value in TYPED.items():
        assert page.locator(f"#draft-form [name={name}]").input_value() == value
    assert draft.version > 2


def test_a_field_being_typed_into_keeps_its_text_when_an_autosave_lands(live_server, page, draft):
    log_in(page, live_server, "applicant")
    page.goto(f"{live_server.url}/applications/{draft.pk}/edit/")
    with page.expect_response(lambda r: r.url.endswith("/edit/") and r.request.method == "POST"):
        page.fill("#draft-form [name=title_ko]", "  앞뒤 공백은 서버가 지웁니다  ")
        page.locator("#draft-form [name=summary]").focus()
        page.keyboard.type("저장 중에도 입력")
    page.wait_for_function(
        "document.querySelector('#draft-form .autosave-status').textContent.includes('v2')"
    )

    # The summary being typed stays; the title, no longer focused, shows the saved value.
    assert page.locator("#draft-form [name=summary]").input_value() == "저장 중에도 입력"
    title = page.locator("#draft-form [name=title_ko]").input_value()
    assert title == "앞뒤 공백은 서버가 지웁니다"
    assert page.locator("#draft-form input[name=version]").input_value() == "2"
