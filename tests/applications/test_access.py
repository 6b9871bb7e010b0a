"""Nobody outside the team reads a draft: pages, files and API. Bait rows must not leak."""

import pytest
from django.urls import reverse

from applications.enums import TeamPermission
from applications.models import Application
from tests.applications.factories import ready_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def bait(applicant):
    """applicant's draft with a proposal PDF: what the others must never see."""
    return ready_application(applicant)


def pages(application):
    attachment = application.attachments.get()
    return [
        reverse("application-detail", args=[application.pk]),
        reverse("application-edit", args=[application.pk]),
        reverse("team-detail", args=[application.team_id]),
        reverse("attachment-download", args=[attachment.pk]),
        f"/api/v1/applications/{application.pk}/",
        f"/api/v1/teams/{application.team_id}/",
        f"/api/v1/attachments/{attachment.pk}/download/",
    ]


@pytest.mark.parametrize("who", ["other_applicant", "reviewer", "conflicted_reviewer"])
def test_draft_is_404_to_everyone_outside_the_team(client, request, bait, who):
    client.force_login(request.getfixturevalue(who))
    assert [client.get(url).status_code for url in pages(bait)] == [404] * 7


def test_draft_writes_are_404_to_another_applicant(client, other_applicant, bait):
    client.force_login(other_applicant)
    response = client.patch(
        f"/api/v1/applications/{bait.pk}/",
        {"summary": "탈취", "version": bait.version},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert client.post(f"/api/v1/applications/{bait.pk}/submit/").status_code == 404
    assert client.post(reverse("application-submit", args=[bait.pk])).status_code == 404
    bait.refresh_from_db()
    assert bait.summary == "한국어 초거대 모델"


def test_api_list_shows_only_own_applications(client, applicant, other_applicant, bait):
    own = ready_application(other_applicant)
    client.force_login(other_applicant)
    data = client.get("/api/v1/applications/").json()
    assert [row["id"] for row in data["results"]] == [own.pk]
    page = client.get(reverse("application-list"))
    assert list(page.context["applications"]) == [own]
    assert client.get("/api/v1/teams/").json()["count"] == 1


def test_viewer_can_read_but_not_edit(client, other_applicant, applicant):
    application = ready_application(other_applicant, permission=TeamPermission.VIEWER)
    client.force_login(other_applicant)
    assert client.get(application.get_absolute_url()).status_code == 200
    assert client.get(reverse("application-edit", args=[application.pk])).status_code == 403
    assert (
        client.post(
            reverse("application-edit", args=[application.pk]),
            {"summary": "바꿈", "version": application.version},
        ).status_code
        == 403
    )
    response = client.patch(
        f"/api/v1/applications/{application.pk}/",
        {"summary": "바꿈", "version": application.version},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert client.post(f"/api/v1/applications/{application.pk}/submit/").status_code == 403
    assert Application.objects.get(pk=application.pk).summary == "한국어 초거대 모델"


def test_officer_sees_submitted_but_not_drafts(client, applicant, other_applicant, officer):
    from applications import services

    draft = ready_application(applicant)
    submitted = ready_application(other_applicant)
    services.submit_application(submitted, by=other_applicant)
    client.force_login(officer)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(submitted.get_absolute_url()).status_code == 200
    rows = client.get("/api/v1/applications/").json()["results"]
    assert [row["id"] for row in rows] == [submitted.pk]


def test_reviewer_sees_no_draft_in_lists(client, reviewer, bait):
    client.force_login(reviewer)
    assert client.get("/api/v1/applications/").json()["count"] == 0
    assert list(client.get(reverse("application-list")).context["applications"]) == []


def test_anonymous_is_sent_to_login(client, bait):
    response = client.get(bait.get_absolute_url())
    assert response.status_code == 302
    assert client.get(f"/api/v1/applications/{bait.pk}/").status_code in (401, 403)


def test_api_patch_refuses_budget_line_for_another_teams_organisation(
    client, applicant, other_applicant
):
    own = ready_application(applicant)
    foreign = ready_application(other_applicant).team.participants.first()
    client.force_login(applicant)
    response = client.patch(
        f"/api/v1/applications/{own.pk}/",
        {
            "version": own.version,
            "budget_lines": [
                {
                    "participant": foreign.pk,
                    "fiscal_year": 2026,
                    "category": "salaries",
                    "source": "government",
                    "amount": 1,
                }
            ],
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["budget_lines"]
    assert own.budget_lines.count() == 4


def test_officer_admin_lists_applications_without_file_links(client, officer, applicant):
    from accounts.roles import sync_role_permissions
    from applications import services

    sync_role_permissions()
    application = ready_application(applicant)
    services.submit_application(application, by=applicant)
    client.force_login(officer)
    page = client.get("/admin/applications/attachment/")
    assert page.status_code == 200
    assert "/private-files/" not in page.content.decode()
