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
from reviews.queries import ranking
from tests.reviews.conftest import panel  # noqa: F401  (fixture)
from tests.reviews.test_assignment import build
from tests.reviews.test_ranking import bulk_panel

RESULTS = []


def measure(name, operation, *, repeat=3, reset=None):
    times, queries = [], 0
    for _ in range(repeat):
        if reset:
            reset()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            operation()
            times.append(time.perf_counter() - started)
        queries = len(captured)
    RESULTS.append((name, min(times), statistics.median(times), queries))


@pytest.fixture(scope="module", autouse=True)
def report():
    yield
    print(f"\n\nBenchmarks on {connection.vendor}")
    print(f"{'scenario':<58}{'best':>9}{'median':>9}{'queries':>9}")
    for name, best, median, queries in RESULTS:
        print(f"{name:<58}{best:>8.3f}s{median:>8.3f}s{queries:>9}")


@pytest.mark.django_db
def test_ranking_500_applications_5_reviews_6_criteria(panel):  # noqa: F811
    bulk_panel(panel, 500)
    measure("ranking 500 × 5 × 6 with leave-one-out stability", lambda: ranking(panel))
    measure(
        "ranking 500 × 5 × 6 without stability",
        lambda: ranking(panel, with_stability=False),
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
