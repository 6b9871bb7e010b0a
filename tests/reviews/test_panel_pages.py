"""The panel page and the ranking as the chair and the officer meet them."""

import re

import pytest

from reviews import services
from reviews.models import ConflictDeclaration, Review
from tests.factories import ApplicationFactory
from tests.reviews.conftest import join, person
from tests.reviews.test_services import score_fully


@pytest.fixture
def three_by_two(panel, officer):
    """Two applications (created out of reference order), each scored by three reviewers."""
    reviewers = [join(panel, person(name)).user for name in ("cho", "ahn", "baek")]
    apps = [
        ApplicationFactory(team__call=panel.stage.call, status="submitted", reference=ref)
        for ref in ("TST-2025-0009", "TST-2025-0003")
    ]
    services.assign_reviewers(panel, pairs=[(r, a) for a in apps for r in reviewers], by=officer)
    for n, review in enumerate(Review.objects.order_by("id")):
        score_fully(review, review.reviewer, level=(3, 3, 5)[n % 3])  # mean ≠ median
        services.submit_review(review, by=review.reviewer)
    return apps


def test_panel_page_groups_assignments_by_application_in_reference_order(
    client, panel, three_by_two, officer
):
    client.force_login(officer)
    page = client.get(f"/reviews/panels/{panel.pk}/").content.decode()
    groups = re.findall(r'<th scope="rowgroup" colspan="4">(TST-[0-9-]+)', page)
    assert groups == ["TST-2025-0003", "TST-2025-0009"]
    first = page[page.index("TST-2025-0003 ·") : page.index("TST-2025-0009 ·")]
    names = re.findall(r"<td>(사용자\d+|\w+)</td>", first)
    assert len(names) == 3
    assert "평가위원 3명" in page


def test_panel_page_forms_have_headings_and_their_own_field_ids(client, panel, officer):
    client.force_login(officer)
    page = client.get(f"/reviews/panels/{panel.pk}/").content.decode()
    for heading in ("check-heading", "invite-heading", "assign-heading"):
        assert f'aria-labelledby="{heading}"' in page and f'id="{heading}"' in page
    ids = re.findall(r' id="([^"]+)"', page)
    assert sorted({i for i in ids if ids.count(i) > 1}) == []


def test_ranking_scrolls_in_a_focusable_labelled_region(client, panel, three_by_two, officer):
    client.force_login(officer)
    page = client.get(f"/reviews/panels/{panel.pk}/ranking/").content.decode()
    region = re.search(r'<div class="table-scroll ranking-scroll"[^>]*>', page).group(0)
    assert 'tabindex="0"' in region and 'role="region"' in region
    assert 'aria-labelledby="ranking-caption"' in region and 'id="ranking-caption"' in page
    assert page.count('class="num sticky-rank"') == 2


def test_ranking_does_not_repeat_the_column_of_its_own_method(client, panel, three_by_two, officer):
    panel.aggregation = "mean"
    panel.trim_min_reviews = 5  # three reviews: nothing is trimmed, so trimmed mean = mean
    panel.save()
    client.force_login(officer)
    page = client.get(f"/reviews/panels/{panel.pk}/ranking/").content.decode()
    head = page[page.index("<thead>") : page.index("</thead>")]
    columns = re.findall(r'<th scope="col"[^>]*>([^<]+)', head)
    assert columns[:4] == ["순위", "신청서", "점수 ", "중앙값"]
    assert "최고·최저 제외 평균" not in head


@pytest.mark.parametrize("url", ["/reviews/panels/new/", "/calls/new/", "/programmes/new/"])
def test_every_formset_field_of_the_officer_forms_has_a_label(client, officer, url):
    client.force_login(officer)
    page = client.get(url).content.decode()
    control = r'<(?:input|select|textarea)(?![^>]*type="hidden")[^>]*\bid="([^"]+)"'
    fields = re.findall(control, page)
    labelled = set(re.findall(r'<label[^>]*\bfor="([^"]+)"', page))
    formset = [f for f in fields if re.match(r"id_(criteria|stages|budgets)-0-", f)]
    assert formset  # the formset rows are there
    assert [f for f in formset if f not in labelled] == []


def test_new_panel_form_labels_the_stage_in_korean(client, officer):
    client.force_login(officer)
    page = client.get("/reviews/panels/new/").content.decode()
    assert '<label for="id_stage">단계 *</label>' in page


def test_panel_page_lists_assignments_fifty_applications_a_page(client, panel, chair, officer):
    # A national panel holds 25,000 reviews: the page shows fifty applications at a time, in
    # reference order, each with all its reviewers, and a chair never sees the applications
    # they are conflicted with, on any page.
    from tests.reviews.test_ranking import bulk_panel

    apps = bulk_panel(panel, 55)
    conflicted = apps[10]
    ConflictDeclaration.objects.create(
        panel=panel, application=conflicted, reviewer=chair, reason="공동연구"
    )

    def groups(user, number):
        client.force_login(user)
        page = client.get(f"/reviews/panels/{panel.pk}/", {"page": number}).content.decode()
        found = re.findall(r'<th scope="rowgroup" colspan="4">(R-\d+)', page)
        assert all(page.count(f"{ref} ·") == 1 for ref in found)
        return found, page

    first, page = groups(officer, 1)
    second, _page = groups(officer, 2)
    assert first + second == [f"R-{i:04d}" for i in range(55)]
    assert len(first) == 50 and "평가위원 5명" in page and "2쪽 중 1쪽" in page
    chair_pages = groups(chair, 1)[0] + groups(chair, 2)[0]
    assert conflicted.reference not in chair_pages and len(chair_pages) == 54
