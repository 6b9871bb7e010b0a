"""axe-core on every page of the three demo journeys (applicant; reviewer and chair; officer):
no serious and no critical violation, in Korean and, for the reviewer, in English."""

import pytest

from applications.models import Application
from programmes.models import Call
from reviews.models import Panel, Review
from tests.e2e.conftest import DEMO_PASSWORD, axe_violations, log_in

pytestmark = pytest.mark.browser


def journeys():
    """(username or None, [path or callable(page) that leads to a page]) for each journey."""
    draft = Application.objects.get(team__members__user__username="applicant1", status="draft")
    decided = Application.objects.get(reference="WBL-2025-0007")
    pathfinder = Application.objects.get(reference="PF-2026-0001")
    call = Call.objects.filter(is_published=True).order_by("id").first()
    panel = Panel.objects.order_by("id").first()
    last_panel = Panel.objects.order_by("id").last()
    review = Review.objects.filter(reviewer__username="reviewer2").order_by("id").first()
    code = call.programme.code

    def preview_assignment(page):
        page.locator("form[action$='/assign/'] button[type=submit]").click()
        page.wait_for_load_state()

    def check_conflicts(page):
        page.fill("#check-email", "expert@simsa.ac.example")
        page.locator("form[aria-labelledby=check-heading] button[type=submit]").click()
        page.wait_for_load_state()

    return [
        (None, ["/", "/programmes/", f"/programmes/{code}/", f"/calls/{call.pk}/",
                "/accounts/login/", "/accounts/register/"]),
        ("applicant1", ["/", "/applications/", f"/applications/{draft.pk}/",
                        f"/applications/{draft.pk}/edit/", f"/applications/teams/{draft.team_id}/",
                        f"/applications/{decided.pk}/", f"/applications/{decided.pk}/receipt/",
                        f"/reviews/results/{decided.pk}/"]),
        ("applicant3", ["/", f"/applications/{pathfinder.pk}/",
                        f"/applications/{pathfinder.pk}/receipt/"]),
        ("reviewer2", ["/", "/reviews/", f"/reviews/panels/{review.panel_id}/pledge/",
                       f"/reviews/{review.pk}/"]),
        ("chair", ["/", "/reviews/panels/", f"/reviews/panels/{panel.pk}/",
                   f"/reviews/panels/{panel.pk}/ranking/",
                   f"/reviews/panels/{last_panel.pk}/ranking/"]),
        ("officer", ["/", "/applications/", "/applications/?status=submitted&q=WBL",
                     f"/applications/{decided.pk}/", "/reviews/panels/",
                     "/reviews/panels/?waiting=reviewers", f"/reviews/panels/{panel.pk}/",
                     check_conflicts, preview_assignment,
                     f"/reviews/panels/{panel.pk}/ranking/", f"/reviews/panels/{panel.pk}/decide/",
                     "/reviews/panels/new/", f"/reviews/panels/{panel.pk}/edit/",
                     "/calls/new/", f"/calls/{call.pk}/edit/", f"/programmes/{code}/edit/",
                     "/programmes/new/", "/accounts/organisations/", "/accounts/sanctions/"]),
        ("finance1", ["/"]),
        ("auditor", ["/", "/applications/"]),
    ]  # fmt: skip


def test_every_page_of_the_demo_journeys_passes_axe(live_server, page, demo):
    found = {}
    visited = 0
    plan = journeys()
    for username, steps in plan:
        if username:
            log_in(page, live_server, username, DEMO_PASSWORD)
        else:
            page.context.clear_cookies()
        for step in steps:
            if callable(step):
                step(page)
            else:
                response = page.goto(live_server.url + step)
                assert response.status == 200, (username, step, response.status)
            visited += 1
            violations = axe_violations(page)
            if violations:
                found[f"{username} {page.url}"] = violations
    assert found == {}
    assert visited == sum(len(steps) for _user, steps in plan) == 48


def test_the_reviewer_pages_pass_axe_in_english(live_server, page, demo, axe):
    review = Review.objects.filter(reviewer__username="reviewer7").order_by("id").first()
    log_in(page, live_server, "reviewer7", DEMO_PASSWORD)
    page.click("button[name=language][value=en]")
    page.wait_for_load_state()
    for path in ("/", "/reviews/", f"/reviews/{review.pk}/"):
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == "en"
        axe(page)
