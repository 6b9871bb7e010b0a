"""A submitted application is immutable, its consortium included (issue 7, item 1)."""

import pytest
from django.urls import reverse

from applications import services
from applications.enums import ApplicationStatus, OrganisationRole, TeamPermission
from applications.models import Application, BudgetLine, Invitation, Participant, TeamMember
from applications.signals import team_changed
from tests.applications.factories import ready_application
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(applicant):
    application = ready_application(applicant)
    services.submit_application(application, by=applicant, notify=False)
    return application


def _university(team):
    return team.participants.get(role=OrganisationRole.JOINT)


@pytest.mark.parametrize("status", [ApplicationStatus.SUBMITTED, ApplicationStatus.SELECTED])
def test_the_manager_cannot_remove_a_participant_of_a_submitted_application_over_http(
    client, applicant, submitted, status
):
    Application.objects.filter(pk=submitted.pk).update(status=status)
    university = _university(submitted.team)
    client.force_login(applicant)

    response = client.post(
        reverse("team-detail", args=[submitted.team_id]), {"remove_participant": university.pk}
    )

    assert response.status_code == 403
    assert Participant.objects.filter(pk=university.pk).exists()
    assert BudgetLine.objects.filter(participant=university).count() == 1


def test_the_manager_cannot_add_a_participant_of_a_submitted_application_over_http(
    client, applicant, submitted
):
    client.force_login(applicant)
    newcomer = OrganisationFactory(name_ko="새참여기관")

    response = client.post(
        reverse("team-detail", args=[submitted.team_id]),
        {
            "participant": "1",
            "participant-organisation": newcomer.pk,
            "participant-role": OrganisationRole.JOINT,
        },
    )

    assert response.status_code == 403
    assert not submitted.team.participants.filter(organisation=newcomer).exists()


def test_the_team_page_of_a_submitted_application_offers_no_change(client, applicant, submitted):
    client.force_login(applicant)
    page = client.get(reverse("team-detail", args=[submitted.team_id])).content.decode()
    assert "팀 구성을 바꿀 수 없습니다" in page
    assert 'name="remove_participant"' not in page
    assert 'name="invite"' not in page


def test_services_refuse_every_composition_change_after_submission(applicant, submitted):
    team = submitted.team
    refusal = "프로그램 담당자"
    with pytest.raises(services.DomainError) as removed:
        services.remove_participant(participant=_university(team), by=applicant)
    with pytest.raises(services.DomainError) as added:
        services.add_participant(
            team=team, organisation=OrganisationFactory(), role=OrganisationRole.JOINT, by=applicant
        )
    with pytest.raises(services.DomainError) as invited:
        services.invite_member(
            team=team, email="new@member.example", permission=TeamPermission.EDITOR, by=applicant
        )
    assert all(refusal in error.value.errors["__all__"][0] for error in (removed, added, invited))
    assert team.participants.count() == 2
    assert BudgetLine.objects.filter(application=submitted).count() == 4


def test_an_invitation_sent_before_submission_cannot_be_accepted_after(applicant):
    application = ready_application(applicant)
    invitation = services.invite_member(
        team=application.team,
        email="late@member.example",
        permission=TeamPermission.EDITOR,
        by=applicant,
    )
    services.submit_application(application, by=applicant, notify=False)
    late = UserFactory(username="late", email="late@member.example")

    with pytest.raises(services.InvitationRefused):
        services.accept_invitation(token=invitation.token, by=late)

    assert not TeamMember.objects.filter(user=late).exists()
    assert Invitation.objects.get(pk=invitation.pk).accepted_at is None


def test_the_api_refuses_an_invitation_to_a_submitted_team(api_client, applicant, submitted):
    api_client.force_authenticate(applicant)
    response = api_client.post(
        f"/api/v1/teams/{submitted.team_id}/invite/",
        {"email": "new@member.example", "permission": TeamPermission.VIEWER},
        format="json",
    )
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_after_staff_reopen_the_change_is_allowed_and_the_next_snapshot_records_it(
    applicant, officer, submitted, django_capture_on_commit_callbacks
):
    received = []

    def receiver(sender, application_id, **kwargs):
        received.append(application_id)

    services.reopen_application(submitted, by=officer, reason="컨소시엄 변경 요청")
    newcomer = OrganisationFactory(name_ko="추가대학교", type="university")
    team_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.add_participant(
                team=submitted.team, organisation=newcomer, role=OrganisationRole.JOINT,
                by=applicant,
            )  # fmt: skip
    finally:
        team_changed.disconnect(receiver)
    submitted.refresh_from_db()
    services.submit_application(submitted, by=applicant, notify=False)

    first, second = submitted.submissions.order_by("version")
    names = [p["organisation__name_ko"] for p in second.snapshot["participants"]]
    assert names == ["주관기업", "참여대학교", "추가대학교"]
    assert len(first.snapshot["participants"]) == 2
    assert [m["user_id"] for m in second.snapshot["members"]] == [applicant.pk]
    assert received == [submitted.pk]
