"""Staff land on what waits for them: the home page's work queue, fed by the applications
and reviews providers, in a constant number of queries."""

import datetime
import re

import pytest
from django.utils import timezone

from accounts.roles import sync_role_permissions
from reviews import services, workqueue
from reviews.models import Review
from tests.factories import ApplicationFactory
from tests.reviews.conftest import join, person
from tests.reviews.test_services import score_fully


def queue(page):
    """[(count, label, href)] of the rendered work queue."""
    return [
        (int(n), label, href)
        for href, n, label in re.findall(
            r'<a href="([^"]+)"><span class="work-count">(\d+)</span> '
            r'<span class="work-label">([^<]+)</span>',
            page,
        )
    ]


def applications(panel, n, status="submitted"):
    return [
        ApplicationFactory(
            team__call=panel.stage.call, status=status, reference=f"TST-2025-{i:04d}"
        )
        for i in range(1, n + 1)
    ]


def test_officer_home_lists_screening_and_panels_short_of_reviewers(client, panel, officer):
    applications(panel, 2)  # submitted, nobody assigned: to screen, and the panel lacks reviewers
    client.force_login(officer)
    page = client.get("/").content.decode()
    assert queue(page) == [
        (2, "심사할 신청서", "/applications/?status=submitted"),
        (1, "평가위원이 부족한 평가위원회", "/reviews/panels/?waiting=reviewers"),
    ]
    listed = client.get("/reviews/panels/?waiting=reviewers").content.decode()
    assert panel.name in listed


def test_a_fully_assigned_panel_is_not_short_and_waits_for_its_decision(panel, officer):
    apps = applications(panel, 1)
    reviewers = [join(panel, person(f"r{i}")).user for i in range(panel.reviews_per_application)]
    services.assign_reviewers(panel, pairs=[(r, apps[0]) for r in reviewers], by=officer)
    assert workqueue.panels_waiting()[workqueue.REVIEWERS] == []
    for review in Review.objects.all():
        score_fully(review, review.reviewer)
        services.submit_review(review, by=review.reviewer)
    waiting = workqueue.panels_waiting()
    assert (waiting[workqueue.DECISION], waiting[workqueue.OVERDUE]) == ([panel.pk], [])


def test_a_closed_undecided_panel_is_an_overdue_decision_then_results_to_publish(
    client, panel, officer
):
    apps = applications(panel, 1)
    reviewer = join(panel, person("one")).user
    services.assign_reviewers(panel, pairs=[(reviewer, apps[0])], by=officer)
    review = Review.objects.get()
    score_fully(review, reviewer)
    services.submit_review(review, by=reviewer)
    panel.reviews_per_application = 3  # one review of three is in, but the period is over
    panel.closes_at = timezone.now() - datetime.timedelta(hours=1)
    panel.save(update_fields=["closes_at", "reviews_per_application"])
    client.force_login(officer)
    page = client.get("/").content.decode()
    assert (1, "기록할 평가위원회 결정", "/reviews/panels/?waiting=decision") in queue(page)
    assert "is-urgent" in page
    services.record_decision(panel, rule="none", rationale="선정 없음", by=officer)
    page = client.get("/").content.decode()
    assert (1, "신청자에게 공개할 결과", "/reviews/panels/?waiting=publish") in queue(page)
    services.publish_results(panel, by=officer)
    assert queue(client.get("/").content.decode()) == []


def test_applicants_and_reviewers_have_no_work_queue_and_see_no_staff_counts(
    client, panel, applicant, reviewer
):
    applications(panel, 3)
    for user in (applicant, reviewer):
        client.force_login(user)
        page = client.get("/").content.decode()
        assert 'class="work-queue"' not in page
        assert (
            client.get("/reviews/panels/?waiting=reviewers").content.decode().count(panel.name) == 0
        )


def test_finance_sees_an_empty_queue_and_no_admin_link_it_cannot_open(client, finance):
    client.force_login(finance)
    page = client.get("/").content.decode()
    assert "지금 기다리는 일이 없습니다." in page
    assert 'href="/admin/"' not in page  # not a staff account: the admin would refuse
    finance.is_staff = True
    finance.save(update_fields=["is_staff"])
    sync_role_permissions()
    page = client.get("/").content.decode()
    assert 'href="/admin/"' in page
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("rows", [1, 9])
@pytest.mark.parametrize("scoring", [False, True])
def test_officer_home_runs_a_constant_number_of_queries(
    client, panel, officer, rows, scoring, django_assert_num_queries
):
    apps = applications(panel, rows)
    k = panel.reviews_per_application
    members = [join(panel, person(f"one{i}")).user for i in range(k if scoring else 1)]
    services.assign_reviewers(panel, pairs=[(m, a) for m in members for a in apps], by=officer)
    client.force_login(officer)
    # 11 for the page and the applications and reviews providers, 2 for the awards provider;
    # one more when a panel with enough members is scoring: are its applications short?
    with django_assert_num_queries(14 if scoring else 13):
        assert client.get("/").status_code == 200


def test_one_application_short_of_reviews_makes_the_panel_short_until_it_leaves_review(
    panel, officer
):
    full, short = applications(panel, 2)
    reviewers = [join(panel, person(f"s{i}")).user for i in range(panel.reviews_per_application)]
    pairs = [(r, full) for r in reviewers] + [(r, short) for r in reviewers[1:]]
    services.assign_reviewers(panel, pairs=pairs, by=officer)
    assert workqueue.panels_waiting()[workqueue.REVIEWERS] == [panel.pk]
    # A withdrawn application is no longer in review: its missing reviewer is not wanted.
    short.status = "withdrawn"
    short.save(update_fields=["status"])
    assert workqueue.panels_waiting()[workqueue.REVIEWERS] == []


def test_a_panel_with_enough_members_but_no_reviews_yet_is_short(panel, officer):
    applications(panel, 1)
    for i in range(panel.reviews_per_application):
        join(panel, person(f"n{i}"))
    assert workqueue.panels_waiting()[workqueue.REVIEWERS] == [panel.pk]
