"""One application per team per call, and a plausible project start in Korean date order."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from applications import services
from applications.enums import ApplicationStatus, OrganisationRole
from applications.models import Application, Team
from tests.applications.factories import ready_application
from tests.factories import CallFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


def second_draft(first, user, **call_changes):
    """Another ready draft to the same call, started by the same person."""
    call = first.call
    for field, value in call_changes.items():
        setattr(call, field, value)
    call.save()
    second = ready_application(user, call=call)
    Team.objects.filter(pk=second.team_id).update(created_by=first.team.created_by)
    second.refresh_from_db()
    return second


def submitted(user, **call_kwargs):
    application = ready_application(user, **call_kwargs)
    services.submit_application(application, by=user, notify=False)
    application.refresh_from_db()
    return application


# One application per team --------------------------------------------------------------------


def test_a_team_second_application_to_the_same_call_is_refused(applicant):
    first = submitted(applicant)
    second = second_draft(first, applicant)

    with pytest.raises(services.SubmissionRefused) as refusal:
        services.submit_application(second, by=applicant)

    assert refusal.value.errors == {
        "__all__": [
            f"이 공고에 팀이 이미 {first.reference}을(를) 제출했습니다. 이 공고는 팀당 한 건만 "
            "받습니다. 먼저 그 신청을 철회하거나 그 신청서를 이어서 작성하십시오."
        ]
    }
    assert Application.objects.get(pk=second.pk).status == ApplicationStatus.DRAFT


def test_the_same_lead_institution_counts_as_the_same_team(applicant, other_applicant):
    first = submitted(applicant)
    second = ready_application(other_applicant, call=first.call)
    lead = first.team.participants.get(role=OrganisationRole.LEAD).organisation
    second.team.participants.filter(role=OrganisationRole.LEAD).update(organisation=lead)

    with pytest.raises(services.SubmissionRefused) as refusal:
        services.submit_application(second, by=other_applicant)

    assert first.reference in refusal.value.errors["__all__"][0]


def test_another_team_in_the_same_call_is_not_refused(applicant, other_applicant):
    first = submitted(applicant)
    other = ready_application(other_applicant, call=first.call)

    services.submit_application(other, by=other_applicant, notify=False)

    assert Application.objects.get(pk=other.pk).status == ApplicationStatus.SUBMITTED


def test_a_withdrawn_application_does_not_count(applicant):
    first = submitted(applicant)
    services.withdraw_application(first, by=applicant)
    second = second_draft(first, applicant)

    services.submit_application(second, by=applicant, notify=False)

    assert Application.objects.get(pk=second.pk).status == ApplicationStatus.SUBMITTED


def test_a_call_that_allows_several_accepts_them_and_warns_on_the_edit_page(client, applicant):
    first = submitted(applicant)
    second = second_draft(first, applicant, allows_several_applications=True)
    client.force_login(applicant)

    page = client.get(reverse("application-edit", args=[second.pk])).content.decode()
    services.submit_application(second, by=applicant, notify=False)

    assert "이 공고는 팀당 여러 건의 신청을 받습니다. 팀의 다른 신청:" in page
    assert f">{first.reference}</a>" in page
    assert Application.objects.get(pk=second.pk).status == ApplicationStatus.SUBMITTED


def test_the_edit_page_says_beforehand_that_a_second_application_will_be_refused(client, applicant):
    first = submitted(applicant)
    second = second_draft(first, applicant)
    client.force_login(applicant)

    page = client.get(reverse("application-edit", args=[second.pk])).content.decode()

    assert f"이 공고에 팀이 이미 {first.reference}을(를) 제출했습니다." in page


def test_starting_a_second_team_in_the_same_call_is_refused(client, applicant):
    call = CallFactory()
    client.force_login(applicant)
    url = reverse("team-create", args=[call.pk])
    client.post(url, {"name_ko": "첫 팀"})

    response = client.post(url, {"name_ko": "둘째 팀"})

    assert response.status_code == 200
    assert "이 공고에 이미 신청서를 작성하기 시작했습니다." in response.content.decode()
    assert list(Team.objects.filter(call=call).values_list("name_ko", flat=True)) == ["첫 팀"]


def test_starting_a_second_team_is_allowed_where_the_call_says_so(client, applicant):
    call = CallFactory(allows_several_applications=True)
    client.force_login(applicant)
    url = reverse("team-create", args=[call.pk])
    client.post(url, {"name_ko": "첫 팀"})

    response = client.post(url, {"name_ko": "둘째 팀"})

    assert response.status_code == 302
    assert Team.objects.filter(call=call).count() == 2


# A plausible start, in Korean date order ------------------------------------------------------


def autosave(client, application, **data):
    return client.post(
        reverse("application-edit", args=[application.pk]),
        {"version": application.version, **data},
        HTTP_X_AUTOSAVE="true",
    )


def test_a_start_in_the_year_0002_is_refused_with_a_message_and_not_stored(client, applicant):
    application = ready_application(applicant)
    before = application.starts_on
    client.force_login(applicant)

    response = autosave(client, application, starts_on="0002. 03. 01.")

    errors = response.context["form"].errors["starts_on"]
    assert len(errors) == 1
    assert errors[0].startswith("계획한 시작일 0002. 03. 01.이(가) 이 공고의 타당한 범위")
    application.refresh_from_db()
    assert application.starts_on == before


def test_the_start_window_runs_from_a_year_before_opening_to_three_years_after_closing(
    client, applicant
):
    application = ready_application(applicant)
    call = application.call
    earliest = timezone.localdate(call.opens_at) - datetime.timedelta(days=365)
    latest = timezone.localdate(call.closes_at) + datetime.timedelta(days=3 * 365)
    client.force_login(applicant)

    for day, accepted in [
        (earliest, True),
        (earliest - datetime.timedelta(days=1), False),
        (latest, True),
        (latest + datetime.timedelta(days=1), False),
    ]:
        application.refresh_from_db()
        response = autosave(client, application, starts_on=day.strftime("%Y. %m. %d."))
        assert ("starts_on" not in response.context["form"].errors) is accepted, day


def test_a_stored_implausible_start_is_refused_at_submission(applicant):
    application = ready_application(applicant)
    Application.objects.filter(pk=application.pk).update(starts_on=datetime.date(2, 3, 1))

    with pytest.raises(services.SubmissionRefused) as refusal:
        services.submit_application(application, by=applicant)

    # The budget's fiscal years then lie outside the (implausible) project period too.
    assert list(refusal.value.errors)[0] == "starts_on"
    assert set(refusal.value.errors) <= {"starts_on", "budget_lines"}


def test_the_service_refuses_an_implausible_start_whatever_calls_it(applicant):
    application = ready_application(applicant)

    with pytest.raises(services.DomainError) as refusal:
        services.save_draft(
            application, changes={"starts_on": datetime.date(2, 3, 1)}, version=None, by=applicant
        )

    # The budget's fiscal years then lie outside the (implausible) project period too.
    assert list(refusal.value.errors)[0] == "starts_on"
    assert set(refusal.value.errors) <= {"starts_on", "budget_lines"}


def test_the_start_date_is_shown_and_typed_in_korean_order(client, applicant):
    application = ready_application(applicant)
    client.force_login(applicant)
    start = timezone.localdate(application.call.opens_at) + datetime.timedelta(days=40)

    autosave(client, application, starts_on=f"{start.year}. {start.month}. {start.day}.")
    page = client.get(reverse("application-edit", args=[application.pk])).content.decode()

    application.refresh_from_db()
    assert application.starts_on == start
    assert f'value="{start:%Y. %m. %d.}"' in page
    assert 'placeholder="yyyy. mm. dd."' in page
    assert 'type="date"' not in page


def test_participants_of_another_team_do_not_make_it_the_same_team(applicant, other_applicant):
    """A university may join several consortia as a joint institution."""
    first = submitted(applicant)
    other = ready_application(other_applicant, call=first.call)
    joint = first.team.participants.get(role=OrganisationRole.JOINT).organisation
    ParticipantFactory(team=other.team, organisation=joint, role=OrganisationRole.SUBCONTRACTED)

    services.submit_application(other, by=other_applicant, notify=False)

    assert Application.objects.get(pk=other.pk).status == ApplicationStatus.SUBMITTED
