"""The scoring page and its autosave do not grow with the reviewer's queue (issue 7, item 13).

The autosave's count leaves out transaction control (BEGIN, COMMIT, SAVEPOINT, RELEASE):
PostgreSQL's driver sends BEGIN and COMMIT without a statement, SQLite's with one, and inside
the test case every atomic block adds a SAVEPOINT and its RELEASE that a server never runs.
"""

from contextlib import contextmanager

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from applications.models import Application, Team
from reviews import services
from reviews.models import Review, Score
from tests.reviews.conftest import join, person
from tests.reviews.factories import rubric as default_rubric


def scoring_queue(panel, reviewer, officer, n, *, rubric=default_rubric):
    """`reviewer` on `panel` (pledge signed) with `n` assigned applications; returns the first
    review and a complete scoring form for it."""
    if not panel.criteria.exists():
        rubric(panel, knockout=True)
    join(panel, reviewer)
    creator = person(f"queue_creator_{panel.pk}")
    teams = Team.objects.bulk_create(
        Team(call=panel.stage.call, name_ko=f"큐팀{i}", created_by=creator) for i in range(n)
    )
    applications = Application.objects.bulk_create(
        Application(call=panel.stage.call, team=t, status="under_review", reference=f"Q-{i:03d}")
        for i, t in enumerate(teams)
    )
    services.assign_reviewers(panel, pairs=[(reviewer, a) for a in applications], by=officer)
    review = Review.objects.get(reviewer=reviewer, application=applications[0])
    form = {}
    for criterion in panel.criteria.order_by("order"):
        form[f"c{criterion.pk}"] = "pass" if criterion.is_knockout else "3"
        form[f"c{criterion.pk}_comment"] = ""
    form.update(recommend="yes", comment="", summary_for_applicant="")
    return review, form


TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


def statements(captured):
    """The SQL statements that do work, without transaction control."""
    return [q["sql"] for q in captured if not q["sql"].startswith(TRANSACTION_CONTROL)]


@contextmanager
def assert_statements(expected):
    with CaptureQueriesContext(connection) as captured:
        yield
    done = statements(captured.captured_queries)
    assert len(done) == expected, "\n".join(done)


def _current(review, form):
    form["version"] = Review.objects.values_list("version", flat=True).get(pk=review.pk)
    return form


def _autosave(client, review, form):
    return client.post(f"/reviews/{review.pk}/autosave/", _current(review, form))


@pytest.mark.parametrize("queue", [1, 50])
def test_autosave_runs_at_most_ten_queries_whatever_the_queue(
    client, panel, reviewer, officer, queue
):
    review, form = scoring_queue(panel, reviewer, officer, queue)
    client.force_login(reviewer)
    url = f"/reviews/{review.pk}/autosave/"
    # The first save also creates the scores and moves the review to in progress (history).
    _current(review, form)
    # PostgreSQL adds one statement: the draft's relaxed commit (SET LOCAL synchronous_commit).
    relaxed = 1 if connection.vendor == "postgresql" else 0
    with assert_statements(9 + relaxed):
        assert client.post(url, form).status_code == 200
    first = next(iter(form))
    form[first] = "5"
    _current(review, form)
    # Session, user, the review (locked as it is read), conflicts, rubric, one score and its
    # history, the version.
    with assert_statements(8 + relaxed):
        response = client.post(url, form)
    assert response.status_code == 200
    assert '<progress value="3" max="3"' in response.content.decode()


@pytest.mark.parametrize("queue", [1, 50])
def test_scoring_page_runs_the_same_queries_whatever_the_queue(
    client, panel, reviewer, officer, queue, django_assert_num_queries
):
    review, _form = scoring_queue(panel, reviewer, officer, queue)
    client.force_login(reviewer)
    with django_assert_num_queries(14):  # the navigation's team check once (User.on_a_team)
        assert client.get(f"/reviews/{review.pk}/").status_code == 200


def test_autosave_writes_only_the_score_that_changed(client, panel, reviewer, officer):
    review, form = scoring_queue(panel, reviewer, officer, 2)
    client.force_login(reviewer)
    assert _autosave(client, review, form).status_code == 200
    history = Score.history.filter(review_id=review.pk).count()
    assert history == 3  # created: two levels and the knock-out
    first = next(iter(form))
    form[first] = "5"
    assert _autosave(client, review, form).status_code == 200
    changed = Score.history.filter(review_id=review.pk).order_by("-history_id").first()
    assert Score.history.filter(review_id=review.pk).count() == history + 1
    assert (changed.criterion_id, changed.level, changed.history_user_id) == (
        int(first[1:]), 5, reviewer.pk,
    )  # fmt: skip
    assert _autosave(client, review, form).status_code == 200  # nothing moved
    assert Score.history.filter(review_id=review.pk).count() == history + 1


def test_autosave_refuses_a_level_that_is_not_a_number_with_422(client, panel, reviewer, officer):
    review, form = scoring_queue(panel, reviewer, officer, 1)
    client.force_login(reviewer)
    form[next(iter(form))] = "x"
    assert _autosave(client, review, form).status_code == 422
    assert not Score.objects.filter(review=review).exists()


def test_scoring_page_counts_the_panel_queue_and_skips_a_conflicted_next(
    client, panel, reviewer, officer
):
    from reviews.models import ConflictDeclaration
    from tests.reviews.test_query_counts import assign

    review, _form = scoring_queue(panel, reviewer, officer, 3)
    done = Review.objects.get(reviewer=reviewer, application__reference="Q-002")
    Review.objects.filter(pk=done.pk).update(status="submitted", total=70)
    conflicted = Review.objects.get(reviewer=reviewer, application__reference="Q-001")
    # Declared in another panel of the call: the review stays assigned but must be skipped.
    from tests.reviews.factories import PanelFactory

    other = PanelFactory(stage=panel.stage)
    ConflictDeclaration.objects.create(
        panel=other, reviewer=reviewer, application=conflicted.application, reason="공동연구"
    )
    assign(panel, reviewer, officer, 1)  # one more, after Q-002 in reference order
    client.force_login(reviewer)
    page = client.get(f"/reviews/{review.pk}/").content.decode()
    following = Review.objects.get(reviewer=reviewer, application__reference="Q-0")
    assert f'href="/reviews/{following.pk}/"' in page
    assert f'href="/reviews/{conflicted.pk}/"' not in page
    assert 'value="1" max="4"' in page  # one of the four active reviews submitted


def test_autosave_with_an_emptied_knock_out_clears_its_answer(client, panel, reviewer, officer):
    review, form = scoring_queue(panel, reviewer, officer, 1)
    client.force_login(reviewer)
    assert _autosave(client, review, form).status_code == 200
    knockout = panel.criteria.get(is_knockout=True)
    assert review.scores.get(criterion=knockout).passed is True
    form[f"c{knockout.pk}"] = ""
    assert _autosave(client, review, form).status_code == 200
    assert review.scores.get(criterion=knockout).passed is None
