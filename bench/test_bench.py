"""The benchmark harness: speed figures live here, never in the test suite's assertions.

Run with `make bench` (SQLite) or `DATABASE_URL=postgres://… make bench`. Each scenario builds
its data with bulk inserts, runs the operation a few times and prints the best and median wall
time and the number of SQL queries. Nothing here fails on time; the suite pins query counts.
"""

import statistics
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from applications.models import Application
from reviews import services
from reviews.conflicts import conflicted_pairs
from reviews.models import Review
from reviews.queries import ranking
from tests.reviews.conftest import panel  # noqa: F401  (fixture)
from tests.reviews.test_assignment import build
from tests.reviews.test_ranking import bulk_panel
from tests.reviews.test_scoring_queue import scoring_queue, statements

RESULTS = []


def ok(response):
    assert response.status_code == 200, response.status_code
    return response


def measure(name, operation, *, repeat=3, reset=None, count=list):
    times, queries = [], 0
    for _ in range(repeat):
        if reset:
            reset()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            operation()
            times.append(time.perf_counter() - started)
        queries = len(count(captured.captured_queries))
    RESULTS.append((name, min(times), statistics.median(times), queries))


@pytest.fixture(scope="module", autouse=True)
def report():
    yield
    print(f"\n\nBenchmarks on {connection.vendor}")
    print(f"{'scenario':<66}{'best':>9}{'median':>9}{'queries':>9}")
    for name, best, median, queries in RESULTS:
        print(f"{name:<66}{best:>8.3f}s{median:>8.3f}s{queries:>9}")


@pytest.mark.django_db
def test_ranking_500_applications_5_reviews_6_criteria(panel):  # noqa: F811
    bulk_panel(panel, 500)
    measure("ranking 500 × 5 × 6 with leave-one-out stability", lambda: ranking(panel))
    measure(
        "ranking 500 × 5 × 6 without stability",
        lambda: ranking(panel, with_stability=False),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("n", [500, 2000])
def test_ranking_page_and_api_from_the_stored_snapshot(client, api_client, panel, officer, n):  # noqa: F811
    """Item 12 of issue 7: ≤ 300 ms at N=2,000 and flat from N=500."""
    from reviews.models import RankingSnapshot

    bulk_panel(panel, n)
    client.force_login(officer)
    api_client.force_authenticate(officer)
    page = f"/reviews/panels/{panel.pk}/ranking/"
    api = f"/api/v1/panels/{panel.pk}/ranking/"
    measure(
        f"ranking page {n} × 5 × 6, first after a change (computes)",
        lambda: ok(client.get(page)),
        repeat=2,
        reset=lambda: RankingSnapshot.objects.all().delete(),
    )
    measure(f"ranking page {n} × 5 × 6 (HTML, 50 rows, stored)", lambda: ok(client.get(page)))
    measure(f"ranking API {n} × 5 × 6 (50-row page, stored)", lambda: ok(api_client.get(api)))
    measure(
        f"ranking CSV {n} × 5 × 6 (all rows, stored)", lambda: ok(client.get(page + "?format=csv"))
    )


@pytest.mark.django_db
@pytest.mark.parametrize("queue", [1, 50])
def test_scoring_page_and_autosave(client, panel, officer, reviewer, queue):  # noqa: F811
    """Item 13 of issue 7: independent of the reviewer's queue, autosave ≤ 10 queries.

    Counts leave out transaction control (the test case's SAVEPOINTs, SQLite's BEGIN)."""
    review, form = scoring_queue(panel, reviewer, officer, queue)
    client.force_login(reviewer)
    url = f"/reviews/{review.pk}/autosave/"
    form["version"] = review.version
    client.post(url, form)  # the first save creates the scores
    field = next(iter(form))
    levels = iter(range(10**6))

    def change_one_criterion():
        form["version"] = Review.objects.values_list("version", flat=True).get(pk=review.pk)
        form[field] = str(next(levels) % 5 + 1)

    measure(
        f"scoring page, queue of {queue}",
        lambda: ok(client.get(f"/reviews/{review.pk}/")),
        count=statements,
    )
    measure(
        f"autosave (one criterion changed), queue of {queue}",
        lambda: ok(client.post(url, form)),
        repeat=5,
        reset=change_one_criterion,
        count=statements,
    )


@pytest.mark.django_db
def test_assignment_500_applications_60_reviewers(panel, officer):  # noqa: F811
    reviewers = build(panel, 500, 60)
    panel.reviews_per_application = 3
    panel.max_per_reviewer = 30
    panel.save()
    applications = list(Application.objects.all())
    measure(
        "conflict detection 500 applications × 60 reviewers",
        lambda: conflicted_pairs(reviewers, applications),
    )
    measure(
        "assignment plan (min-cost flow) 500 × 60, k=3",
        lambda: services.plan_assignment(panel, per_application=3),
    )


@pytest.mark.django_db
def test_officer_application_list_of_1000(client, officer):
    from applications.models import Team
    from tests.factories import CallFactory, TeamFactory

    call = CallFactory()
    creator = TeamFactory(call=call).created_by
    teams = Team.objects.bulk_create(
        Team(call=call, name_ko=f"팀{i}", created_by=creator) for i in range(1000)
    )
    Application.objects.bulk_create(
        Application(call=call, team=t, status="submitted", reference=f"B-2025-{i:04d}")
        for i, t in enumerate(teams)
    )
    client.force_login(officer)
    measure(
        "officer's application list page, 1,000 applications",
        lambda: client.get(f"/applications/?call={call.pk}"),
    )


@pytest.mark.django_db
def test_award_letter_sized_pdf():
    from programmes.pdf import render_pdf

    measure(
        "one-page PDF with the Korean font (WeasyPrint)", lambda: render_pdf("pdf/_base.html", {})
    )
