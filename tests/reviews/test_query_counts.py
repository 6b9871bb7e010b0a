import pytest

from reviews import services
from tests.factories import ApplicationFactory
from tests.reviews.conftest import join


def assign(panel, reviewer, officer, n):
    apps = [
        ApplicationFactory(team__call=panel.stage.call, status="submitted", reference=f"Q-{i}")
        for i in range(n)
    ]
    services.assign_reviewers(panel, pairs=[(reviewer, a) for a in apps], by=officer)


# the panel page: session, user, roles, panel, chair check, the assignments' applications and
# the page's reviews (queries.panel_assignments), progress, decisions, the navigation's team
# check, members, the organisation and department choices of the invitation and check forms
# (two each), pending invitations
QUERIES_PANEL_PAGE = 16

# Pinned exactly at one row and twelve, so that a field left out of the queue rows' only() and
# read by the template (a query a row) fails here.
QUERIES_QUEUE_PAGE = 9
# the API: the visible reviews' narrow rows, the conflict facts, the page's reviews, their scores
QUERIES_QUEUE_API = 5


@pytest.mark.parametrize("rows", [1, 12])
def test_my_reviews_page_and_api_run_a_constant_number_of_queries(
    client, api_client, panel, reviewer, officer, rows, django_assert_num_queries
):
    join(panel, reviewer)
    assign(panel, reviewer, officer, rows)
    client.force_login(reviewer)
    with django_assert_num_queries(QUERIES_QUEUE_PAGE):
        response = client.get("/reviews/")
    page = response.content.decode()
    assert page.count("Q-") == rows and panel.name_ko in page
    api_client.force_authenticate(reviewer)
    with django_assert_num_queries(QUERIES_QUEUE_API):
        response = api_client.get("/api/v1/reviews/")
    assert response.json()["count"] == rows


@pytest.mark.parametrize("rows", [1, 12])
def test_panel_detail_and_ranking_pages_run_a_constant_number_of_queries(
    client,
    panel,
    reviewer,
    officer,
    rows,
    django_assert_max_num_queries,
    django_assert_num_queries,
):
    join(panel, reviewer)
    assign(panel, reviewer, officer, rows)
    client.force_login(officer)
    with django_assert_num_queries(QUERIES_PANEL_PAGE):
        assert client.get(f"/reviews/panels/{panel.pk}/").status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(f"/reviews/panels/{panel.pk}/ranking/").status_code == 200


@pytest.mark.parametrize("rows", [1, 12])
def test_the_decision_page_lists_open_reviews_in_a_constant_number_of_queries(
    client, panel, reviewer, officer, rows, django_assert_num_queries
):
    join(panel, reviewer)
    assign(panel, reviewer, officer, rows)
    client.force_login(officer)
    with django_assert_num_queries(QUERIES_DECIDE_PAGE):
        response = client.get(f"/reviews/panels/{panel.pk}/decide/")
    assert len(response.context["blockers"]) == rows


# session, user, roles, panel, decisions, ranking (reviews, knock-out fails, applications),
# open reviews, the navigation's team check, revocations
QUERIES_DECIDE_PAGE = 11


@pytest.mark.parametrize("rows", [1, 55])
def test_the_reviewers_queue_is_paged_by_fifty_in_the_same_queries(
    client, panel, reviewer, officer, rows, django_assert_num_queries
):
    join(panel, reviewer)
    assign(panel, reviewer, officer, rows)
    client.force_login(reviewer)
    # session, user, the queue's (id, status, application), conflict facts, the reviewer's
    # own e-mail domains, the page's rows, roles, unsigned pledges, the navigation's team check
    # (asked once: accounts.User.on_a_team)
    with django_assert_num_queries(9):
        response = client.get("/reviews/")
    page = response.content.decode()
    assert f"0 of {rows} submitted" in page or f"{rows}건 중 0건 제출" in page
    assert len(response.context["reviews"]) == min(rows, 50)
    if rows > 50:
        second = client.get("/reviews/?page=2")
        assert len(second.context["reviews"]) == rows - 50
        shown = {r.pk for r in response.context["reviews"]} | {
            r.pk for r in second.context["reviews"]
        }
        assert len(shown) == rows
