import io
import re

import pytest
from django.core import mail
from pypdf import PdfWriter

from applications.models import Application
from tests.e2e.conftest import DEMO_PASSWORD, log_in

pytestmark = pytest.mark.browser


def pdf(name):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return {"name": name, "mimeType": "application/pdf", "buffer": buffer.getvalue()}


def autosave(page, selector, value):
    """Type into a field and leave it: htmx posts the draft on change."""
    with page.expect_response(lambda r: r.url.endswith("/edit/") and r.request.method == "POST"):
        page.fill(selector, value)
        page.locator(selector).blur()
    page.wait_for_selector("#draft-form:not(.htmx-request) .autosave-status")


def add_budget_line(page, source, amount):
    form = page.locator("#budget_lines form.add-part")
    form.locator("select[name=budget_lines-participant]").select_option(index=1)
    form.locator("input[name=budget_lines-fiscal_year]").fill("2027")
    form.locator("select[name=budget_lines-category]").select_option("activities")
    form.locator("select[name=budget_lines-source]").select_option(source)
    form.locator("input[name=budget_lines-amount]").fill(str(amount))
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def test_applicant_drafts_attaches_fixes_and_submits(live_server, page, demo):
    draft = Application.objects.get(team__name_ko="다온 파운데이션 2026")
    log_in(page, live_server, "applicant1", DEMO_PASSWORD)
    page.click("text=다온 한국어 추론 특화 파운데이션 모델")
    page.click("text=신청서 수정")

    # Autosave: a change is saved without pressing any button.
    autosave(page, "textarea[name=objectives]", "한국어 추론 벤치마크 1위")
    autosave(page, "input[name=duration_months]", "40")
    assert (
        page.locator(".autosave-status").inner_text().startswith("모든 변경 사항이 저장되었습니다.")
    )
    draft.refresh_from_db()
    assert (draft.objectives, draft.duration_months) == ("한국어 추론 벤치마크 1위", 40)

    add_budget_line(page, "government", 700_000)
    add_budget_line(page, "cash", 300_000)
    for kind in ("proposal", "commitment_letter"):
        page.select_option("#attachment-form select[name=kind]", kind)
        page.set_input_files("#attachment-form input[name=file]", pdf(f"{kind}.pdf"))
        page.click("#attachment-form button[type=submit]")
        page.wait_for_load_state()
    assert page.locator("#attachments tbody tr").count() == 2

    page.click("text=신청서 제출")
    page.click("text=예, 제출합니다")  # the confirmation step
    error = page.locator(".field-error", has_text="수행 기간")
    assert "공고의 최대 기간 30개월을 넘습니다" in error.inner_text()

    autosave(page, "input[name=duration_months]", "30")
    page.click("text=신청서 제출")
    page.click("text=예, 제출합니다")

    page.wait_for_url(re.compile(r"/receipt/$"))
    reference = page.locator(".reference").inner_text()
    assert re.fullmatch(r"WBLR-\d{4}-0001", reference)
    draft.refresh_from_db()
    assert (draft.status, draft.reference) == ("submitted", reference)
    assert [m.subject for m in mail.outbox] == [f"신청서 {reference} 접수증"]
    assert mail.outbox[0].to == ["applicant1@daon.example"]
