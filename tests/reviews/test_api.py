import pytest

from reviews import services
from reviews.enums import ReviewStatus
from reviews.models import Review
from tests.reviews.conftest import join, person


@pytest.fixture
def assigned(panel, own_application, other_application, reviewer, conflicted_reviewer, officer):
    """reviewer has both applications; conflicted_reviewer only the other one — plus a bait
    row planted behind the services' back for the application they are conflicted with."""
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
    bait = Review.objects.create(
        panel=panel, application=own_application, reviewer=conflicted_reviewer
    )
    return bait


def levels(review, level=4):
    return [
        {"criterion": c.pk, "passed": True}
        if c.is_knockout
        else {"criterion": c.pk, "level": level}
        for c in review.panel.criteria.all()
    ]


def test_reviews_list_hides_the_conflicted_bait_row(api_client, assigned, conflicted_reviewer):
    api_client.force_authenticate(conflicted_reviewer)
    response = api_client.get("/api/v1/reviews/")
    assert [r["application"]["reference"] for r in response.json()["results"]] == ["TST-2025-0002"]
    assert api_client.get(f"/api/v1/reviews/{assigned.pk}/").status_code == 404


def test_reviews_list_pages_in_queue_order_with_scores(api_client, assigned, reviewer, monkeypatch):
    """Only the page's reviews are loaded whole; pages keep the queue's order."""
    from rest_framework.pagination import PageNumberPagination

    monkeypatch.setattr(PageNumberPagination, "page_size", 1)
    api_client.force_authenticate(reviewer)
    first = api_client.get("/api/v1/reviews/").json()
    second = api_client.get("/api/v1/reviews/?page=2").json()
    assert first["count"] == second["count"] == 2
    references = [page["results"][0]["application"]["reference"] for page in (first, second)]
    assert references == ["TST-2025-0001", "TST-2025-0002"]
    assert first["results"][0]["scores"] == [] and first["next"] and not second["next"]
    assert api_client.get("/api/v1/reviews/?page=3").status_code == 404


def test_review_detail_is_404_to_another_reviewer(api_client, assigned, reviewer, other_applicant):
    review = Review.objects.filter(reviewer=reviewer).first()
    api_client.force_authenticate(other_applicant)
    assert api_client.get(f"/api/v1/reviews/{review.pk}/").status_code == 404


def test_review_is_refused_before_the_pledge(api_client, panel, own_application, officer):
    newcomer = person("newcomer")
    join(panel, newcomer, signed=False)
    services.assign_reviewers(panel, pairs=[(newcomer, own_application)], by=officer)
    review = Review.objects.get(reviewer=newcomer)
    api_client.force_authenticate(newcomer)
    response = api_client.get(f"/api/v1/reviews/{review.pk}/")
    assert response.status_code == 403
    assert api_client.get("/api/v1/reviews/").json()["results"] == []


def test_stale_autosave_is_refused_with_409_and_overwrites_nothing(api_client, assigned, reviewer):
    review = Review.objects.filter(reviewer=reviewer).first()
    criterion = review.panel.criteria.filter(is_knockout=False).first()
    api_client.force_authenticate(reviewer)
    url = f"/api/v1/reviews/{review.pk}/"
    first = api_client.patch(
        url, {"version": 1, "scores": [{"criterion": criterion.pk, "level": 5}]}, format="json"
    )
    second = api_client.patch(
        url, {"version": 1, "scores": [{"criterion": criterion.pk, "level": 1}]}, format="json"
    )
    assert (first.status_code, second.status_code) == (200, 409)
    assert second.json()["version"] == 2
    assert review.scores.get(criterion=criterion).level == 5


def test_submitted_review_cannot_be_changed_through_the_api(api_client, assigned, reviewer):
    review = Review.objects.filter(reviewer=reviewer).first()
    api_client.force_authenticate(reviewer)
    url = f"/api/v1/reviews/{review.pk}/"
    api_client.patch(
        url, {"version": 1, "scores": levels(review), "recommend": True}, format="json"
    )
    submitted = api_client.post(f"{url}submit/", {}, format="json")
    assert submitted.status_code == 200
    assert submitted.json()["total"] == "80.00"
    response = api_client.patch(url, {"version": 3, "scores": levels(review, 1)}, format="json")
    assert response.status_code == 403
    assert api_client.post(f"{url}submit/", {}, format="json").status_code == 403
    review.refresh_from_db()
    assert (review.status, str(review.total)) == (ReviewStatus.SUBMITTED, "80.00")


def test_peer_scores_appear_only_after_ones_own_submission(
    api_client, panel, assigned, reviewer, conflicted_reviewer
):
    panel.show_peer_scores = True
    panel.save()
    mine = Review.objects.get(reviewer=reviewer, application__reference="TST-2025-0002")
    theirs = Review.objects.get(
        reviewer=conflicted_reviewer, application__reference="TST-2025-0002"
    )
    api_client.force_authenticate(conflicted_reviewer)
    api_client.patch(
        f"/api/v1/reviews/{theirs.pk}/",
        {"version": 1, "scores": levels(theirs, 5), "recommend": True},
        format="json",
    )
    api_client.post(f"/api/v1/reviews/{theirs.pk}/submit/", {}, format="json")
    api_client.force_authenticate(reviewer)
    url = f"/api/v1/reviews/{mine.pk}/"
    assert api_client.get(url).json()["peers"] == []
    api_client.patch(url, {"version": 1, "scores": levels(mine), "recommend": False}, format="json")
    api_client.post(f"{url}submit/", {}, format="json")
    assert api_client.get(url).json()["peers"] == [{"total": "100.00", "recommend": True}]
    panel.show_peer_scores = False
    panel.save()
    assert api_client.get(url).json()["peers"] == []


def test_ranking_api_is_forbidden_to_members_and_hides_conflicted_rows_from_the_chair(
    api_client, panel, assigned, reviewer, conflicted_reviewer, officer
):
    api_client.force_authenticate(reviewer)
    assert api_client.get(f"/api/v1/panels/{panel.pk}/ranking/").status_code == 403
    member = panel.members.get(user=conflicted_reviewer)
    member.role = "chair"
    member.save()
    api_client.force_authenticate(conflicted_reviewer)
    rows = api_client.get(f"/api/v1/panels/{panel.pk}/ranking/").json()["results"]
    assert [r["reference"] for r in rows] == ["TST-2025-0002"]
    assignments = api_client.get(f"/api/v1/panels/{panel.pk}/assignments/").json()["results"]
    assert {a["reference"] for a in assignments} == {"TST-2025-0002"}
    api_client.force_authenticate(officer)
    rows = api_client.get(f"/api/v1/panels/{panel.pk}/ranking/").json()["results"]
    assert sorted(r["reference"] for r in rows) == ["TST-2025-0001", "TST-2025-0002"]


def test_panels_are_404_to_outsiders(api_client, panel, other_applicant, reviewer):
    join(panel, reviewer)
    api_client.force_authenticate(other_applicant)
    assert api_client.get("/api/v1/panels/").json()["results"] == []
    assert api_client.get(f"/api/v1/panels/{panel.pk}/").status_code == 404
    api_client.force_authenticate(reviewer)
    assert [p["id"] for p in api_client.get("/api/v1/panels/").json()["results"]] == [panel.pk]


def test_officer_assigns_through_the_api_but_not_a_conflicted_pair(
    api_client, panel, own_application, conflicted_reviewer, reviewer, officer
):
    join(panel, conflicted_reviewer)
    join(panel, reviewer)
    api_client.force_authenticate(officer)
    url = f"/api/v1/panels/{panel.pk}/assignments/"
    refused = api_client.post(
        url, {"reviewer": conflicted_reviewer.pk, "application": own_application.pk}
    )
    assert refused.status_code == 400
    created = api_client.post(url, {"reviewer": reviewer.pk, "application": own_application.pk})
    assert created.status_code == 201
    preview = api_client.post(url, {"auto": True, "preview": True}, format="json")
    assert preview.json()["committed"] is False
    assert Review.objects.count() == 1
    api_client.force_authenticate(reviewer)
    assert api_client.post(url, {"auto": True}, format="json").status_code == 403
