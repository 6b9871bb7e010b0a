import pytest
from django.core import mail
from django.urls import reverse

from applications.enums import ApplicationStatus, TeamPermission
from applications.models import Application, Invitation, TeamMember
from tests.applications.factories import ready_application
from tests.factories import CallFactory

pytestmark = pytest.mark.django_db


def test_draft_form_saves_valid_fields_and_reports_invalid_ones(client, applicant):
    application = ready_application(applicant)
    client.force_login(applicant)

    response = client.post(
        reverse("application-edit", args=[application.pk]),
        {"title_ko": "새 과제명", "duration_months": "서른", "version": application.version},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert response.context["form"].errors["duration_months"] == ["정수를 입력하세요."]
    application.refresh_from_db()
    assert application.title_ko == "새 과제명"
    assert application.duration_months == 24
    assert 'id="draft-form"' in response.content.decode()


def test_draft_form_with_stale_version_overwrites_nothing(client, applicant):
    application = ready_application(applicant)
    client.force_login(applicant)
    url = reverse("application-edit", args=[application.pk])
    client.post(url, {"title_ko": "첫 편집", "version": application.version})

    response = client.post(url, {"title_ko": "둘째 편집", "version": application.version})

    assert "다른 사람이 저장했습니다" in response.content.decode()
    application.refresh_from_db()
    assert application.title_ko == "첫 편집"


def test_refused_submit_shows_errors_on_fields_and_keeps_draft(client, applicant):
    application = ready_application(applicant, cap_per_year=500_000_000)
    Application.objects.filter(pk=application.pk).update(duration_months=99)
    client.force_login(applicant)

    response = client.post(
        reverse("application-submit", args=[application.pk]), {"version": application.version + 0}
    )

    assert response.status_code == 400
    assert response.context["form"].errors["duration_months"] == [
        "연구기간 99개월이 공고의 최대 기간 36개월을 넘습니다."
    ]
    assert response.context["section_errors"] == {
        "budget_lines": [
            "2026년 정부지원연구개발비 1,000,000,000원이 연간 상한 500,000,000원을 초과합니다."
        ]
    }
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert application.duration_months == 99


def test_submit_shows_receipt(client, applicant, django_capture_on_commit_callbacks):
    application = ready_application(applicant)
    client.force_login(applicant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("application-submit", args=[application.pk]),
            {"version": application.version},
            follow=True,
        )
    application.refresh_from_db()
    assert response.redirect_chain[-1][0] == reverse("application-receipt", args=[application.pk])
    assert application.reference in response.content.decode()
    assert len(mail.outbox) == 1


def test_team_create_invite_and_accept(
    client, applicant, other_applicant, django_capture_on_commit_callbacks
):
    call = CallFactory()
    client.force_login(applicant)
    response = client.post(reverse("team-create", args=[call.pk]), {"name_ko": "한빛 컨소시엄"})
    application = Application.objects.get(team__name_ko="한빛 컨소시엄")
    assert response.url == reverse("application-edit", args=[application.pk])
    team = application.team
    assert [(m.user, m.permission) for m in team.members.all()] == [(applicant, "manager")]
    assert team.participants.get().organisation == applicant.organisation

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("team-detail", args=[team.pk]),
            {
                "invite": "1",
                "invite-email": other_applicant.email,
                "invite-permission": "viewer",
                "invite-organisation_role": "joint",
            },
        )
    invitation = Invitation.objects.get(team=team)
    assert len(mail.outbox) == 1
    assert invitation.token in mail.outbox[0].body

    client.force_login(other_applicant)
    client.post(reverse("invitation-accept", args=[invitation.token]))
    member = TeamMember.objects.get(team=team, user=other_applicant)
    assert (member.permission, member.organisation_role) == (TeamPermission.VIEWER, "joint")
    assert client.post(reverse("invitation-accept", args=[invitation.token])).status_code == 404


def test_officer_list_filters_and_exports(client, applicant, other_applicant, officer):
    from applications import services

    first = ready_application(applicant)
    second = ready_application(other_applicant, call=first.call)
    second.gpu_requests.update(gpu_type="H100", count=1024)
    services.submit_application(first, by=applicant)
    services.submit_application(second, by=other_applicant)
    client.force_login(officer)

    response = client.get(reverse("application-list"), {"gpu_type": "H100"})
    assert list(response.context["applications"]) == [second]
    response = client.get(reverse("application-list"), {"min_amount": 2_000_000_000})
    assert list(response.context["applications"]) == []

    csv = client.get(reverse("application-list"), {"format": "csv", "gpu_type": "B200"})
    lines = csv.content.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 2
    assert first.call.notice_number in lines[1]
    xlsx = client.get(reverse("application-list"), {"format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_history_shown_to_officer_and_auditor_only(client, applicant, officer, auditor):
    from applications import services

    application = ready_application(applicant)
    services.submit_application(application, by=applicant)
    services.reopen_application(application, by=officer, reason="예산 보완 요청")
    for user, visible in [(officer, True), (auditor, True), (applicant, False)]:
        client.force_login(user)
        page = client.get(application.get_absolute_url()).content.decode()
        assert ("예산 보완 요청" in page) is visible


def test_api_patch_checks_version_and_submit_lists_errors(client, applicant):
    application = ready_application(applicant, cap_total=100)
    client.force_login(applicant)
    url = f"/api/v1/applications/{application.pk}/"
    lead = application.team.participants.get(role="lead")

    ok = client.patch(
        url,
        {
            "version": application.version,
            "summary": "API 편집",
            "gpu_requests": [{"gpu_type": "H200", "count": 64, "gpu_hours_per_quarter": 100}],
        },
        content_type="application/json",
    )
    assert ok.status_code == 200
    assert ok.json()["gpu_requests"] == [
        {"gpu_type": "H200", "count": 64, "gpu_hours_per_quarter": 100}
    ]
    stale = client.patch(
        url,
        {"version": application.version, "summary": "늦은 편집"},
        content_type="application/json",
    )
    assert stale.status_code == 409
    assert Application.objects.get(pk=application.pk).summary == "API 편집"

    refused = client.post(
        f"{url}submit/", {"version": ok.json()["version"]}, content_type="application/json"
    )
    assert refused.status_code == 400
    assert list(refused.json()) == ["budget_lines"]
    del lead


def test_api_create_makes_team_and_draft(client, applicant):
    call = CallFactory()
    client.force_login(applicant)
    response = client.post(
        "/api/v1/applications/",
        {"call": call.pk, "team_name_ko": "API팀"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["status"] == "draft"
    assert response.json()["version"] == 1


def test_budget_summary_totals_by_year_and_source(client, applicant):
    application = ready_application(applicant)
    client.force_login(applicant)
    response = client.get(application.get_absolute_url())
    assert response.context["budget_summary"] == [
        (2026, 1_000_000_000, 200_000_000, 100_000_000, 1_300_000_000),
        ("total", 1_000_000_000, 200_000_000, 100_000_000, 1_300_000_000),
    ]


def test_an_invitation_does_not_let_another_address_join(client, applicant, other_applicant):
    call = CallFactory()
    client.force_login(applicant)
    client.post(reverse("team-create", args=[call.pk]), {"name_ko": "비밀 컨소시엄"})
    team = Application.objects.get(team__name_ko="비밀 컨소시엄").team
    client.post(
        reverse("team-detail", args=[team.pk]),
        {
            "invite": "1",
            "invite-email": "colleague@jiwon.example",
            "invite-permission": "editor",
            "invite-organisation_role": "joint",
        },
    )
    invitation = Invitation.objects.get(team=team)
    client.force_login(other_applicant)  # the link was forwarded
    response = client.post(reverse("invitation-accept", args=[invitation.token]), follow=True)
    assert not TeamMember.objects.filter(team=team, user=other_applicant).exists()
    assert "colleague@jiwon.example" in response.content.decode()
    assert client.get(reverse("application-detail", args=[team.application.pk])).status_code == 404


def test_the_application_list_pages_fifty_at_a_time_and_exports_all(client, officer):
    from tests.factories import ApplicationFactory

    call = CallFactory()
    for i in range(60):
        ApplicationFactory(team__call=call, status="submitted", reference=f"TST-2025-{i:04d}")
    client.force_login(officer)
    first = client.get(reverse("application-list"))
    assert len(first.context["applications"]) == 50
    assert first.context["page"].paginator.count == 60
    second = client.get(reverse("application-list"), {"page": 2})
    assert [a.reference for a in second.context["applications"]][-1] == "TST-2025-0059"
    assert len(second.context["applications"]) == 10
    export = client.get(reverse("application-list"), {"format": "csv"})
    assert export.content.decode("utf-8-sig").count("TST-2025-") == 60
