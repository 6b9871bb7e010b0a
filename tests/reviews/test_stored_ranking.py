"""The stored ranking: equal to a fresh computation, recomputed whenever what feeds it moves."""

import pytest

from applications.enums import ApplicationStatus
from reviews import ranking_store, services
from reviews.enums import KnockoutRule, PanelRole, ReviewStatus
from reviews.models import Criterion, PanelMember, RankingSnapshot, Review, Score
from reviews.queries import ranking
from tests.reviews.conftest import join, person
from tests.reviews.test_ranking import bulk_panel


def fresh(panel, viewer=None):
    return ranking_store.dump(ranking(panel, viewer=viewer))


def stored(panel, viewer=None):
    return ranking_store.dump(ranking_store.stored_ranking(panel, viewer=viewer))


def test_stored_ranking_equals_a_fresh_computation_and_is_read_back_unchanged(panel, officer):
    bulk_panel(panel, 40)
    first = stored(panel, officer)
    assert first == fresh(panel)
    assert RankingSnapshot.objects.filter(panel=panel).count() == 1
    # The second read comes from the snapshot: the same ranking, ranks and stability.
    assert stored(panel, officer) == first
    assert [r["rank"] for r in first["rows"]] == list(range(1, 41))
    assert sum(r["above_cutline"] for r in first["rows"]) == 5


def test_a_second_read_does_not_recompute(panel, officer, django_assert_num_queries):
    bulk_panel(panel, 40)
    stored(panel, officer)
    with django_assert_num_queries(2):  # the signature, the snapshot
        ranking_store.stored_ranking(panel, viewer=officer)


def test_a_conflicted_chair_gets_a_ranking_of_their_own_without_the_hidden_rows(
    panel, own_application, other_application, conflicted_reviewer, officer
):
    join(panel, conflicted_reviewer, role=PanelRole.CHAIR)
    reviewer = person("stored_reviewer")
    Review.objects.bulk_create(
        Review(panel=panel, application=a, reviewer=reviewer, status="submitted", total=t)
        for a, t in ((own_application, 90), (other_application, 80))
    )
    officers = stored(panel, officer)
    chairs = stored(panel, conflicted_reviewer)
    assert [r["reference"] for r in officers["rows"]] == ["TST-2025-0001", "TST-2025-0002"]
    assert [(r["reference"], r["rank"]) for r in chairs["rows"]] == [("TST-2025-0002", 1)]
    assert chairs == fresh(panel, conflicted_reviewer)
    assert stored(panel, officer) == officers  # two snapshots side by side
    assert RankingSnapshot.objects.filter(panel=panel).count() == 2


@pytest.fixture
def scored(panel):
    """Three applications, five submitted reviews each (bulk), chair on the panel."""
    bulk_panel(panel, 3)
    chair = person("stored_chair")
    PanelMember.objects.create(panel=panel, user=chair, role=PanelRole.CHAIR)
    return chair


def _review(panel, reference, username):
    return Review.objects.get(
        panel=panel, application__reference=reference, reviewer__username=username
    )


def test_a_reopened_review_leaves_the_stored_ranking(panel, scored, officer):
    before = stored(panel, officer)
    review = _review(panel, "R-0000", "rk0")
    services.reopen_review(review, by=scored, reason="점수 재검토")
    after = stored(panel, officer)
    assert after == fresh(panel)
    row = next(r for r in after["rows"] if r["reference"] == "R-0000")
    assert row["votes"] == 4 and review.reviewer_id not in dict(row["totals"])
    assert after != before


def test_a_submitted_score_enters_the_stored_ranking(panel, scored, officer):
    review = _review(panel, "R-0001", "rk2")
    services.reopen_review(review, by=scored, reason="점수 재검토")
    reopened = stored(panel, officer)
    services.submit_review(review, by=review.reviewer)
    after = stored(panel, officer)
    assert after == fresh(panel)
    row = next(r for r in after["rows"] if r["reference"] == "R-0001")
    # Every criterion at level 3 of 5: the resubmitted total is 60.00, not the bulk one.
    assert dict(row["totals"])[review.reviewer_id] == "60.00"
    assert after != reopened


def test_a_recused_review_leaves_the_stored_ranking(panel, scored, officer):
    late = person("stored_late")
    PanelMember.objects.create(panel=panel, user=late)
    review = Review.objects.create(
        panel=panel, application=_review(panel, "R-0002", "rk0").application, reviewer=late
    )
    assert late.pk in dict(stored(panel, officer)["reviewers"])
    services.set_review_status(review, ReviewStatus.RECUSED, by=officer, reason="이해충돌")
    after = stored(panel, officer)
    assert late.pk not in dict(after["reviewers"])
    assert after == fresh(panel)


def test_a_changed_application_moves_the_stored_ranking(panel, scored, officer):
    # The signature reads the latest change to the call's applications from an index; a
    # corrected title or a withdrawal shows on the next read.
    stored(panel, officer)
    application = _review(panel, "R-0002", "rk0").application
    application.title_ko = "고쳐 쓴 제목"
    application.save()
    after = stored(panel, officer)
    assert after == fresh(panel)
    assert next(r for r in after["rows"] if r["reference"] == "R-0002")["title"] == "고쳐 쓴 제목"
    application.status = ApplicationStatus.WITHDRAWN
    application.save()
    withdrawn = stored(panel, officer)
    assert withdrawn == fresh(panel) and withdrawn != after


def test_a_changed_quota_moves_the_stored_cutline(panel, scored, officer):
    assert stored(panel, officer)["cutline"] == 5
    call = panel.stage.call
    call.quota = 1
    call.save()
    panel.stage.call.quota = 1
    after = stored(panel, officer)
    assert after["cutline"] == 1
    assert sum(r["above_cutline"] for r in after["rows"]) == 1


def test_an_entered_gate_result_moves_the_stored_gate_ranking(panel, officer):
    from decimal import Decimal

    from reviews.models import GateComponent

    panel.purpose = "stage_gate"
    panel.aggregation = "mean"
    panel.save()
    apps = bulk_panel(panel, 2)
    benchmark = GateComponent.objects.create(stage=panel.stage, name_ko="벤치마크", weight=40)
    GateComponent.objects.create(stage=panel.stage, name_ko="전문가", weight=60, panel=panel)
    before = stored(panel, officer)
    services.record_component_result(benchmark, application=apps[1], value=Decimal(100), by=officer)
    after = stored(panel, officer)
    assert after == fresh(panel)
    assert after != before


@pytest.mark.parametrize("rows", [1, 60])
def test_ranking_page_api_and_csv_run_a_fixed_number_of_queries(
    client, api_client, panel, officer, rows, django_assert_num_queries
):
    bulk_panel(panel, rows)
    client.force_login(officer)
    api_client.force_authenticate(officer)
    url = f"/reviews/panels/{panel.pk}/ranking/"
    with django_assert_num_queries(PAGE_MISS):  # computes and stores the snapshot
        assert client.get(url).status_code == 200
    with django_assert_num_queries(PAGE_HIT):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(API_HIT):
        response = api_client.get(f"/api/v1/panels/{panel.pk}/ranking/")
    assert response.json()["count"] == rows
    assert len(response.json()["results"]) == min(rows, 50)
    with django_assert_num_queries(CSV_HIT):
        assert client.get(url + "?format=csv").status_code == 200


# A hit: session, user, panel, role checks, the signature, the snapshot's header, the rows
# shown (one substring of the stored text; the CSV reads all in one), and the page's own.
# The page also asks whether the viewer chairs a chair-rule panel (knock-out judgments).
PAGE_MISS, PAGE_HIT, API_HIT, CSV_HIT = 13, 10, 6, 7


def test_the_ranking_page_is_a_window_and_every_row_is_reachable(client, panel, officer):
    bulk_panel(panel, 60)
    client.force_login(officer)
    url = f"/reviews/panels/{panel.pk}/ranking/"
    first = client.get(url).content.decode()
    second = client.get(url + "?page=2").content.decode()
    references = [r["reference"] for r in stored(panel)["rows"]]
    assert all(ref in first for ref in references[:50])
    assert not any(ref in first for ref in references[50:])
    assert all(ref in second for ref in references[50:])
    assert "page=2" in first
    assert 'class="cutline"' in first and 'class="cutline"' not in second


def test_a_large_panel_lists_each_rows_reviewers_instead_of_a_column_each(
    client, panel, officer, monkeypatch
):
    from reviews import views

    bulk_panel(panel, 3)  # five reviewers
    client.force_login(officer)
    url = f"/reviews/panels/{panel.pk}/ranking/"
    matrix = client.get(url).content.decode()
    assert matrix.count('class="num reviewer-col"') == 5
    monkeypatch.setattr(views, "REVIEWER_COLUMNS", 4)
    listed = client.get(url).content.decode()
    assert 'class="num reviewer-col"' not in listed
    row = stored(panel)["rows"][0]
    first = Review.objects.filter(application_id=row["application_id"]).order_by(
        "reviewer__username"
    )[0]
    assert f"{first.reviewer.display_name} <strong>{first.total}</strong>" in listed
    assert listed.count('<td class="reviewer-totals">') == 3


def test_a_page_reads_only_its_rows_and_survives_a_recompute_in_between(
    panel, officer, django_assert_num_queries
):
    bulk_panel(panel, 60)
    expected = fresh(panel)["rows"]
    stored(panel)  # computes and stores
    result = ranking_store.stored_ranking(panel, viewer=officer)
    with django_assert_num_queries(1):  # one substring of the rows text
        page = result.rows[50:60]
    assert [r.reference for r in page] == [r["reference"] for r in expected[50:60]]
    # Another request recomputed the snapshot after this one read its header: the text no
    # longer fits the offsets in hand, so the rows are computed afresh rather than misread.
    later = ranking_store.stored_ranking(panel, viewer=officer)
    RankingSnapshot.objects.filter(panel=panel).update(signature="moved", rows="[]")
    assert [r.reference for r in later.rows] == [r["reference"] for r in expected]


def test_the_chairs_page_lists_every_knock_out_to_judge_and_reads_only_its_rows(
    client, panel, chair
):
    # Under the chair rule the chair's ranking page lists every application a reviewer failed
    # on a knock-out criterion, wherever it ranks; the list comes from the snapshot's header,
    # so the page still decodes only its own fifty rows.
    panel.knockout_rule = KnockoutRule.CHAIR
    panel.save()
    apps = bulk_panel(panel, 60)
    knockout = Criterion.objects.create(
        panel=panel, order=7, name_ko="독자성", weight=0, is_knockout=True
    )
    failed = {apps[3].pk, apps[57].pk}
    Score.objects.bulk_create(
        Score(review=review, criterion=knockout, passed=review.application_id not in failed)
        for review in Review.objects.filter(panel=panel, reviewer__username="rk0")
    )
    client.force_login(chair)
    url = f"/reviews/panels/{panel.pk}/ranking/"
    client.get(url)  # computes and stores
    response = client.get(url)
    page = response.content.decode()
    for pk in failed:
        assert f"/reviews/panels/{panel.pk}/knockouts/{pk}/" in page
    assert page.count("/knockouts/") == 2
    assert len(response.context["ranking"].rows.loaded) == 50
