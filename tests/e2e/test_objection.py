"""An applicant objects to a published result with two PDFs; an officer upholds it and
revokes the panel's decision so that it is decided again."""

import re

import pytest
from playwright.sync_api import expect

from applications.models import Application
from reviews import services
from reviews.enums import DecisionRule, PanelPurpose
from reviews.models import Decision, Objection
from tests.applications.factories import pdf_bytes
from tests.e2e.conftest import log_in
from tests.factories import ApplicationFactory, ParticipantFactory, TeamMemberFactory
from tests.reviews.factories import PanelFactory, PanelMemberFactory, rubric

pytestmark = pytest.mark.browser


@pytest.fixture
def published(transactional_db, applicant, reviewer, officer):
    panel = PanelFactory(purpose=PanelPurpose.SELECT, name_ko="발표평가위원회")
    rubric(panel)
    PanelMemberFactory(panel=panel, user=reviewer)
    mine, theirs = (
        ApplicationFactory(team__call=panel.stage.call, status="submitted", reference=ref)
        for ref in ("TST-2025-0001", "TST-2025-0002")
    )
    TeamMemberFactory(team=mine.team, user=applicant, permission="manager")
    ParticipantFactory(team=mine.team, organisation=applicant.organisation, role="lead")
    services.assign_reviewers(panel, pairs=[(reviewer, mine), (reviewer, theirs)], by=officer)
    criteria = list(panel.criteria.all())
    for review in reviewer.reviews.all():
        level = 3 if review.application_id == mine.pk else 5
        services.save_scores(
            review, by=reviewer, version=review.version,
            levels={c.pk: level for c in criteria}, recommend=True,
        )  # fmt: skip
        services.submit_review(review, by=reviewer)
    services.record_decision(panel, rule=DecisionRule.TOP_K, k=1, rationale="상위 1", by=officer)
    services.publish_results(panel, by=officer)
    return mine


def test_an_objection_from_filing_to_a_revoked_decision(live_server, page, published, tmp_path):
    files = []
    for name in ("평가표.pdf", "소명서.pdf"):
        path = tmp_path / name
        path.write_bytes(pdf_bytes())
        files.append(str(path))

    log_in(page, live_server, "applicant")
    page.goto(f"{live_server.url}/reviews/results/{published.pk}/")
    page.get_by_role("button", name="이의신청하기").click()  # a link styled as a button
    page.get_by_label("이의신청 사유").fill("평가위원 점수 합산 오류")
    page.get_by_label("증빙 자료(PDF)").set_input_files(files)
    page.get_by_role("button", name="이의신청 제출").click()
    expect(page.get_by_text("이의신청이 접수되었습니다.")).to_be_visible()
    expect(page.get_by_role("link", name="평가표.pdf")).to_be_visible()
    expect(page.get_by_role("link", name="소명서.pdf")).to_be_visible()

    log_in(page, live_server, "officer")
    page.goto(f"{live_server.url}/reviews/objections/")
    page.get_by_role("link", name=re.compile(r"\d{4}\. \d+\. \d+\.")).first.click()
    page.get_by_label("인용").check()
    page.get_by_label("사유").fill("합산 오류 확인")
    page.get_by_role("button", name="결정 기록").click()
    expect(page.get_by_text("이의신청을 처리했습니다.")).to_be_visible()
    page.get_by_role("button", name="결정을 취소하고 위원회가 다시 결정하게 하기").click()
    expect(page.get_by_text("위원회의 결정을 취소했습니다")).to_be_visible()

    objection = Objection.objects.get()
    assert (objection.status, objection.attachments.count()) == ("upheld", 2)
    assert objection.decision_reopened_at is not None
    assert not Decision.objects.current().exists()  # revoked rows stay, pointing at the revocation
    assert Application.objects.get(pk=published.pk).status == "under_review"
