import datetime

import pytest
from django.core import mail

from accounts.enums import OrganisationType
from applications import services
from applications.enums import ApplicationStatus, FundingSource, OrganisationRole
from applications.models import Application, Submission
from tests.applications.factories import BudgetLineFactory, ready_application
from tests.factories import OrganisationFactory, ParticipantFactory, SanctionFactory

pytestmark = pytest.mark.django_db


def state(application):
    """Everything a refusal must leave alone."""
    application = Application.objects.get(pk=application.pk)
    return (
        application.status,
        application.version,
        application.reference,
        services.build_snapshot(application),
    )


def refuse(application, user, **kwargs):
    before = state(application)
    with pytest.raises(services.SubmissionRefused) as refusal:
        services.submit_application(application, by=user, **kwargs)
    assert state(application) == before
    assert Submission.objects.filter(application=application).count() == 0
    return refusal.value.errors


def test_submission_accepted_gives_reference_snapshot_and_receipt(
    applicant, django_capture_on_commit_callbacks
):
    application = ready_application(applicant)

    with django_capture_on_commit_callbacks(execute=True):
        submission = services.submit_application(application, by=applicant)

    application.refresh_from_db()
    year = datetime.date.today().year
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.reference == f"WBL-{year}-0001"
    assert submission.version == application.version
    assert submission.snapshot["budget_lines"][0]["amount"] == 700_000_000
    assert submission.snapshot["attachments"][0]["sha256"] == (application.attachments.get().sha256)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [applicant.email]
    assert application.reference in mail.outbox[0].subject


def test_submission_references_count_up_per_prefix_and_year(applicant, other_applicant):
    first = ready_application(applicant)
    second = ready_application(other_applicant, call=first.call)
    services.submit_application(first, by=applicant)
    services.submit_application(second, by=other_applicant)
    second.refresh_from_db()
    assert second.reference.endswith("-0002")


def test_submission_over_yearly_cap_refused_naming_budget_lines(applicant):
    application = ready_application(applicant, cap_per_year=900_000_000, cap_total=None)

    errors = refuse(application, applicant)

    assert list(errors) == ["budget_lines"]
    assert len(errors["budget_lines"]) == 1
    assert "2026" in errors["budget_lines"][0]
    assert "900,000,000" in errors["budget_lines"][0]


def test_submission_over_total_cap_refused(applicant):
    application = ready_application(applicant, cap_total=999_999_999)
    errors = refuse(application, applicant)
    assert list(errors) == ["budget_lines"]
    assert "999,999,999" in errors["budget_lines"][0]


def test_submission_one_second_before_deadline_accepted(applicant):
    application = ready_application(applicant)
    moment = application.call.closes_at - datetime.timedelta(seconds=1)
    services.submit_application(application, by=applicant, now=moment)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_submission_at_deadline_accepted(applicant):
    application = ready_application(applicant)
    services.submit_application(application, by=applicant, now=application.call.closes_at)
    assert Submission.objects.filter(application=application).count() == 1


def test_submission_one_second_after_deadline_refused(applicant):
    application = ready_application(applicant)
    moment = application.call.closes_at + datetime.timedelta(seconds=1)
    errors = refuse(application, applicant, now=moment)
    assert list(errors) == ["__all__"]


def test_submission_without_university_refused(applicant):
    application = ready_application(applicant)
    application.team.participants.filter(organisation__type="university").update(
        organisation=OrganisationFactory(type=OrganisationType.GRI)
    )
    errors = refuse(application, applicant)
    assert errors == {"participants": ["대학이 반드시 팀에 참여해야 합니다."]}


def test_submission_with_disallowed_lead_refused(applicant):
    application = ready_application(applicant)
    lead = application.team.participants.get(role=OrganisationRole.LEAD)
    lead.organisation.type = OrganisationType.LARGE
    lead.organisation.save()
    errors = refuse(application, applicant)
    assert list(errors) == ["participants"]
    assert "주관기업" in errors["participants"][0]


def test_submission_with_sanctioned_organisation_refused(applicant):
    application = ready_application(applicant)
    banned = OrganisationFactory(name_ko="제재기관")
    SanctionFactory(organisation=banned)
    ParticipantFactory(team=application.team, organisation=banned)
    errors = refuse(application, applicant)
    assert list(errors) == ["participants"]
    assert "제재기관" in errors["participants"][0]


def test_submission_breaking_share_rule_refused(applicant):
    application = ready_application(applicant)
    lead = application.team.participants.get(role=OrganisationRole.LEAD)
    application.budget_lines.filter(participant=lead, source=FundingSource.CASH).update(amount=0)
    # 7억 government of 8억: 87.5% > 70%; cash 0 of 1억 own share < 13%.
    errors = refuse(application, applicant)
    assert list(errors) == ["budget_lines"]
    assert len(errors["budget_lines"]) == 2


def test_submission_too_long_and_missing_documents_listed_at_once(applicant):
    application = ready_application(applicant)
    application.attachments.all().delete()
    Application.objects.filter(pk=application.pk).update(duration_months=48)
    application.refresh_from_db()
    BudgetLineFactory(
        application=application,
        participant=application.team.participants.first(),
        fiscal_year=2027,
        amount=50_000_000_000,
    )
    errors = refuse(application, applicant)
    assert sorted(errors) == ["attachments", "budget_lines", "duration_months"]


def test_withdraw_before_deadline_then_not_after(applicant):
    application = ready_application(applicant)
    services.submit_application(application, by=applicant)
    late = application.call.closes_at + datetime.timedelta(seconds=1)
    with pytest.raises(services.DomainError):
        services.withdraw_application(application, by=applicant, now=late)
    services.withdraw_application(application, by=applicant)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN


def test_reopen_makes_new_version_and_keeps_old_snapshot(applicant, officer):
    application = ready_application(applicant)
    first = services.submit_application(application, by=applicant)
    with pytest.raises(services.DomainError):
        services.reopen_application(application, by=officer, reason=" ")

    services.reopen_application(application, by=officer, reason="예산표 보완 요청")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert application.version == first.version + 1
    assert application.history.first().history_change_reason == "예산표 보완 요청"
    assert application.history.first().history_user == officer

    second = services.submit_application(application, by=applicant)
    application.refresh_from_db()
    assert [s.version for s in application.submissions.all()] == [first.version, second.version]
    assert second.reference == first.reference


def test_set_status_keeps_reviews_contract(applicant, officer):
    application = ready_application(applicant)
    services.submit_application(application, by=applicant)
    services.set_status(application, "under_review", by=officer, reason="서면평가 시작")
    services.set_status(application, "shortlisted", by=officer, reason="상위 10팀")
    application.refresh_from_db()
    assert application.status == "shortlisted"
    with pytest.raises(services.TransitionRefused):
        services.set_status(application, "draft", by=officer)


def test_save_draft_with_stale_version_refused_and_nothing_overwritten(applicant):
    application = ready_application(applicant)
    loaded = application.version
    services.save_draft(application, changes={"summary": "첫 편집자"}, version=loaded, by=applicant)

    with pytest.raises(services.StaleVersion):
        services.save_draft(
            application, changes={"summary": "둘째 편집자"}, version=loaded, by=applicant
        )

    application.refresh_from_db()
    assert application.summary == "첫 편집자"
    assert application.version == loaded + 1
