"""이의신청: filed by the team's manager within the call's period, decided by an officer with
reasons; an upheld objection can revoke the decision. Seen by the team, officers, auditors."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from applications.models import Application
from reviews import objections
from reviews.models import Decision, Objection, Panel
from tests.factories import TeamMemberFactory, UserFactory
from tests.reviews.objections.conftest import pdf

pytestmark = pytest.mark.django_db


def _file(decision, by, **extra):
    return objections.file_objection(decision=decision, grounds="평가 오류", by=by, **extra)


def test_the_manager_files_an_objection_with_private_pdfs(published, applicant):
    objection = _file(published, applicant, files=[pdf("근거1.pdf"), pdf("근거2.pdf")])
    assert (objection.status, objection.outcome_objected, objection.filed_by) == (
        "filed",
        "reject",
        applicant,
    )
    names = [a.original_name for a in objection.attachments.order_by("id")]
    assert names == ["근거1.pdf", "근거2.pdf"]
    assert all(
        a.file.name.startswith(f"objections/{objection.pk}/") for a in objection.attachments.all()
    )
    assert objection.history.get().history_user == applicant


def test_the_call_gives_fourteen_days_by_default(published):
    published.panel.refresh_from_db()
    assert published.panel.stage.call.objection_days == 14
    assert objections.objection_deadline(published.panel) == (
        published.panel.results_published_at + datetime.timedelta(days=14)
    )


def test_an_objection_after_the_period_is_refused_with_the_deadline(published, applicant):
    call = published.panel.stage.call
    call.objection_days = 3
    call.save()
    published.panel.results_published_at = timezone.make_aware(datetime.datetime(2025, 7, 1, 18))
    published.panel.save()
    late = timezone.make_aware(datetime.datetime(2025, 7, 4, 18, 1))
    with pytest.raises(objections.ObjectionRefused) as refusal:
        _file(published, applicant, now=late)
    assert refusal.value.errors == {
        "__all__": [
            "이의신청 기간은 2025. 7. 4. 18:00(한국 시간)에 끝났습니다. 더 이상 받지 않습니다."
        ]
    }
    on_time = timezone.make_aware(datetime.datetime(2025, 7, 4, 18, 0))
    assert _file(published, applicant, now=on_time).pk


def test_no_objection_before_results_are_published(published, applicant):
    Panel.objects.filter(pk=published.panel_id).update(results_published_at=None)
    with pytest.raises(objections.ObjectionRefused, match="게시"):
        _file(published, applicant)


def test_one_objection_per_result(published, applicant):
    _file(published, applicant)
    with pytest.raises(objections.ObjectionRefused) as refusal:
        _file(published, applicant)
    assert list(refusal.value.errors) == ["__all__"]
    assert Objection.objects.count() == 1


def test_grounds_are_required_and_files_must_be_pdfs(published, applicant):
    with pytest.raises(objections.ObjectionRefused) as refusal:
        objections.file_objection(decision=published, grounds="  ", by=applicant)
    assert list(refusal.value.errors) == ["grounds"]
    fake = SimpleUploadedFile("근거.pdf", b"MZ not a pdf", "application/pdf")
    with pytest.raises(objections.ObjectionRefused) as refusal:
        _file(published, applicant, files=[fake])
    assert refusal.value.errors["files"][0].startswith("근거.pdf: PDF 파일만 받습니다.")
    assert not Objection.objects.exists()


def test_a_team_editor_may_not_file(published, own_application):
    editor = UserFactory()
    TeamMemberFactory(team=own_application.team, user=editor, permission="editor")
    with pytest.raises(objections.ObjectionRefused):
        _file(published, editor)


def test_an_officer_dismisses_with_reasons(
    published, applicant, officer, mailoutbox, django_capture_on_commit_callbacks
):
    objection = _file(published, applicant)
    with pytest.raises(objections.ObjectionRefused) as refusal:
        objections.decide_objection(objection, upheld=False, reasons=" ", by=officer)
    assert list(refusal.value.errors) == ["reasons"]
    with django_capture_on_commit_callbacks(execute=True):
        objections.decide_objection(
            objection, upheld=False, reasons="평가 절차에 하자 없음", by=officer
        )
    objection.refresh_from_db()
    assert (objection.status, objection.reasons, objection.decided_by) == (
        "dismissed",
        "평가 절차에 하자 없음",
        officer,
    )
    assert any(applicant.email in m.to for m in mailoutbox)
    with pytest.raises(objections.ObjectionRefused):
        objections.decide_objection(objection, upheld=True, reasons="번복", by=officer)
    with pytest.raises(objections.ObjectionRefused):
        objections.reopen_decision(objection, by=officer)


def test_an_auditor_may_not_decide(published, applicant, auditor):
    objection = _file(published, applicant)
    with pytest.raises(objections.ObjectionRefused):
        objections.decide_objection(objection, upheld=True, reasons="x", by=auditor)


def test_an_upheld_objection_revokes_the_decision_with_its_reasons(
    published,
    applicant,
    officer,
    own_application,
    other_application,
):
    objection = _file(published, applicant)
    objections.decide_objection(objection, upheld=True, reasons="점수 합산 오류 확인", by=officer)
    objections.reopen_decision(objection, by=officer)
    objection.refresh_from_db()
    assert objection.decision_reopened_at is not None
    # The revoked rows stay, pointing at the revocation (reviews.judgments); none is current.
    assert not Decision.objects.current().filter(panel=objection.panel).exists()
    statuses = set(
        Application.objects.filter(pk__in=[own_application.pk, other_application.pk]).values_list(
            "status", flat=True
        )
    )
    assert statuses == {"under_review"}
    revoked = Decision.objects.get(panel=objection.panel, application=own_application)
    assert (revoked.revocation.revoked_by, revoked.revocation.reason) == (
        officer,
        "이의신청 인용: 점수 합산 오류 확인",
    )
    assert Panel.objects.get(pk=objection.panel_id).results_published_at is None
    with pytest.raises(objections.ObjectionRefused):
        objections.reopen_decision(objection, by=officer)


def test_the_revocation_signal_carries_the_panel_id(
    published, applicant, officer, django_capture_on_commit_callbacks
):
    from reviews.signals import decision_revoked

    received = []

    def receiver(sender, panel_id, application_ids, revoked_by_id, **kwargs):
        received.append((panel_id, revoked_by_id, len(application_ids)))

    decision_revoked.connect(receiver)
    try:
        objection = _file(published, applicant)
        objections.decide_objection(objection, upheld=True, reasons="인용", by=officer)
        with django_capture_on_commit_callbacks(execute=True):
            objections.reopen_decision(objection, by=officer)
    finally:
        decision_revoked.disconnect(receiver)
    assert received == [(published.panel_id, officer.pk, 2)]


def test_a_decision_that_has_moved_on_is_not_revoked(
    published, applicant, officer, other_application
):
    objection = _file(published, applicant)
    objections.decide_objection(objection, upheld=True, reasons="인용", by=officer)
    Application.objects.filter(pk=other_application.pk).update(status="awarded")
    with pytest.raises(objections.ObjectionRefused, match=other_application.reference):
        objections.reopen_decision(objection, by=officer)
    assert Decision.objects.filter(panel=published.panel).count() == 2
