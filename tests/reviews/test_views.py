import pytest

from reviews import services
from reviews.models import Review
from tests.reviews.conftest import join


@pytest.fixture
def assigned(panel, own_application, other_application, reviewer, conflicted_reviewer, officer):
    join(panel, reviewer)
    join(panel, conflicted_reviewer)
    services.assign_reviewers(
        panel,
        pairs=[
            (reviewer, own_application),
            (reviewer, other_application),
            (conflicted_reviewer, other_application),
        ],
        by=officer,
    )
    # Bait: a row planted behind the services' back for a conflicted pair.
    return Review.objects.create(
        panel=panel, application=own_application, reviewer=conflicted_reviewer
    )


def test_scoring_page_is_404_for_a_conflicted_bait_row(client, assigned, conflicted_reviewer):
    client.force_login(conflicted_reviewer)
    assert client.get(f"/reviews/{assigned.pk}/").status_code == 404
    page = client.get("/reviews/").content.decode()
    assert "TST-2025-0002" in page
    assert "TST-2025-0001" not in page


def test_scoring_page_redirects_to_the_pledge_first(client, panel, own_application, officer):
    from tests.reviews.conftest import person

    newcomer = person("newcomer")
    member = join(panel, newcomer, signed=False)
    services.assign_reviewers(panel, pairs=[(newcomer, own_application)], by=officer)
    review = Review.objects.get(reviewer=newcomer)
    client.force_login(newcomer)
    response = client.get(f"/reviews/{review.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/reviews/panels/{panel.pk}/pledge/"
    assert "TST-2025-0001" not in client.get("/reviews/").content.decode()
    client.post(f"/reviews/panels/{panel.pk}/pledge/")
    member.refresh_from_db()
    assert member.pledge_signed_at is not None
    assert client.get(f"/reviews/{review.pk}/").status_code == 200


def test_scoring_page_shows_the_proposal_and_rubric(client, assigned, reviewer):
    review = Review.objects.get(reviewer=reviewer, application__reference="TST-2025-0001")
    client.force_login(reviewer)
    page = client.get(f"/reviews/{review.pk}/").content.decode()
    assert review.application.title in page
    assert f'hx-post="/reviews/{review.pk}/autosave/"' in page
    assert "<script>" not in page and "style=" not in page


def test_autosave_page_refuses_a_stale_tab_with_409(client, assigned, reviewer):
    review = Review.objects.get(reviewer=reviewer, application__reference="TST-2025-0001")
    criterion = review.panel.criteria.filter(is_knockout=False).first()
    client.force_login(reviewer)
    url = f"/reviews/{review.pk}/autosave/"
    assert client.post(url, {"version": 1, f"c{criterion.pk}": "4"}).status_code == 200
    stale = client.post(url, {"version": 1, f"c{criterion.pk}": "2"})
    assert stale.status_code == 409
    assert review.scores.get(criterion=criterion).level == 4


def test_ranking_page_is_forbidden_to_a_plain_member(client, panel, assigned, reviewer):
    client.force_login(reviewer)
    assert client.get(f"/reviews/panels/{panel.pk}/ranking/").status_code == 403


def test_ranking_page_hides_the_conflicted_row_from_the_chair(
    client, panel, assigned, conflicted_reviewer
):
    member = panel.members.get(user=conflicted_reviewer)
    member.role = "chair"
    member.save()
    client.force_login(conflicted_reviewer)
    page = client.get(f"/reviews/panels/{panel.pk}/ranking/").content.decode()
    assert "TST-2025-0002" in page
    assert "TST-2025-0001" not in page
    csv = client.get(f"/reviews/panels/{panel.pk}/ranking/?format=csv").content.decode()
    assert "TST-2025-0002" in csv and "TST-2025-0001" not in csv
    detail = client.get(f"/reviews/panels/{panel.pk}/").content.decode()
    assert "TST-2025-0001" not in detail


def test_officer_exports_the_ranking_as_xlsx(client, panel, assigned, officer):
    client.force_login(officer)
    response = client.get(f"/reviews/panels/{panel.pk}/ranking/?format=xlsx")
    assert response.status_code == 200
    assert (
        response["Content-Disposition"] == f'attachment; filename="ranking-panel-{panel.pk}.xlsx"'
    )


def test_officer_checks_a_candidate_before_inviting(
    client, panel, own_application, officer, applicant
):
    client.force_login(officer)
    page = client.get(
        f"/reviews/panels/{panel.pk}/",
        {"check": 1, "email": "new@x.example", "organisation": applicant.organisation_id},
    ).content.decode()
    assert "TST-2025-0001" in page


def test_invitation_creates_the_account_and_queues_the_email(
    client, panel, officer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite_reviewer(
            panel, email="Expert@Univ.example", full_name="한전문", expertise="LLM", by=officer
        )
    assert [m.to for m in mailoutbox] == [["expert@univ.example"]]
    assert invitation.token in mailoutbox[0].body
    response = client.post(
        f"/reviews/invitations/{invitation.token}/",
        {"username": "expert", "password": "long-enough-pass"},
    )
    assert response.status_code == 302
    member = panel.members.get(user__username="expert")
    assert (member.user.email, member.user.expertise, member.user.has_role("reviewer")) == (
        "expert@univ.example",
        "LLM",
        True,
    )


def test_hidden_identity_panel_shows_no_team_to_the_reviewer(
    client, api_client, panel, assigned, reviewer, applicant
):
    panel.hide_applicant_identity = True
    panel.save()
    review = Review.objects.get(reviewer=reviewer, application__reference="TST-2025-0001")
    client.force_login(reviewer)
    page = client.get(f"/reviews/{review.pk}/").content.decode()
    assert review.application.team.name not in page
    assert applicant.organisation.name not in page
    api_client.force_authenticate(reviewer)
    assert api_client.get(f"/api/v1/reviews/{review.pk}/").json()["application"]["team"] is None


def test_autosave_is_refused_after_the_scoring_window(client, panel, assigned, reviewer):
    import datetime

    from django.utils import timezone

    panel.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    panel.opens_at = timezone.now() - datetime.timedelta(days=1)
    panel.save()
    review = Review.objects.get(reviewer=reviewer, application__reference="TST-2025-0001")
    client.force_login(reviewer)
    response = client.post(f"/reviews/{review.pk}/autosave/", {"version": 1, "recommend": "yes"})
    assert response.status_code == 422
    review.refresh_from_db()
    assert (review.version, review.recommend) == (1, None)


def _attach(application, kind, by):
    """A document of a submitted application (attached while it was a draft)."""
    from django.core.files.base import ContentFile

    from applications.models import Attachment
    from tests.applications.factories import pdf_bytes

    data = pdf_bytes()
    attachment = Attachment(
        application=application, kind=kind, original_name=f"{kind}.pdf", size=len(data),
        sha256="0" * 64, uploaded_by=by,
    )  # fmt: skip
    attachment.file.save(f"{kind}.pdf", ContentFile(data), save=True)
    return attachment


def test_the_reviewer_opens_the_documents_and_nobody_else_does(
    client,
    assigned,
    panel,
    own_application,
    other_application,
    reviewer,
    conflicted_reviewer,
    applicant,
):
    proposal = _attach(own_application, "proposal", applicant)
    cv = _attach(own_application, "cv", applicant)
    bait = _attach(other_application, "proposal", applicant)
    review = Review.objects.get(panel=panel, reviewer=reviewer, application=own_application)
    client.force_login(reviewer)
    page = client.get(f"/reviews/{review.pk}/").content.decode()
    assert f"/reviews/{review.pk}/documents/{proposal.pk}/" in page
    response = client.get(f"/reviews/{review.pk}/documents/{proposal.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert client.get(f"/reviews/{review.pk}/documents/{cv.pk}/").status_code == 200
    # Another application's file through this review: not found.
    assert client.get(f"/reviews/{review.pk}/documents/{bait.pk}/").status_code == 404
    # The conflicted reviewer's planted row opens nothing.
    client.force_login(conflicted_reviewer)
    assert client.get(f"/reviews/{assigned.pk}/documents/{proposal.pk}/").status_code == 404


def test_a_hidden_identity_panel_shows_only_the_proposal(
    client, assigned, panel, own_application, reviewer, applicant
):
    panel.hide_applicant_identity = True
    panel.save()
    proposal = _attach(own_application, "proposal", applicant)
    cv = _attach(own_application, "cv", applicant)
    review = Review.objects.get(panel=panel, reviewer=reviewer, application=own_application)
    client.force_login(reviewer)
    assert client.get(f"/reviews/{review.pk}/documents/{proposal.pk}/").status_code == 200
    assert client.get(f"/reviews/{review.pk}/documents/{cv.pk}/").status_code == 404


def test_an_invitation_does_not_seat_someone_with_another_address(
    client, panel, officer, applicant
):
    invitation = services.invite_reviewer(
        panel, email="expert@univ.example", full_name="한전문", by=officer
    )
    client.force_login(applicant)  # a forwarded link opened by someone else
    response = client.post(f"/reviews/invitations/{invitation.token}/")
    assert not panel.members.filter(user=applicant).exists()
    assert "expert@univ.example" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
