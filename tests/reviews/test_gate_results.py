from decimal import Decimal

import pytest

from reviews import services
from reviews.enums import PanelPurpose
from reviews.models import ComponentResult, GateComponent
from tests.reviews.conftest import join


@pytest.fixture
def gate(panel, own_application, other_application, reviewer, officer):
    panel.purpose = PanelPurpose.STAGE_GATE
    panel.save()
    join(panel, reviewer)
    services.assign_reviewers(
        panel, pairs=[(reviewer, own_application), (reviewer, other_application)], by=officer
    )
    benchmark = GateComponent.objects.create(stage=panel.stage, name_ko="벤치마크", weight=40)
    GateComponent.objects.create(stage=panel.stage, name_ko="전문가", weight=60, panel=panel)
    return benchmark


def url(panel):
    return f"/reviews/panels/{panel.pk}/gate-results/"


def test_an_officer_enters_benchmark_results(client, panel, gate, own_application, officer):
    client.force_login(officer)
    page = client.get(url(panel))
    assert page.status_code == 200
    assert [a.reference for a, _ in page.context["rows"]] == ["TST-2025-0001", "TST-2025-0002"]
    response = client.post(url(panel), {f"r-{gate.pk}-{own_application.pk}": "87.5"})
    assert response.status_code == 302
    result = ComponentResult.objects.get()
    assert (result.value, result.entered_by, result.application) == (
        Decimal("87.50"),
        officer,
        own_application,
    )
    assert result.history.first().history_user == officer


def test_a_bad_cell_saves_nothing_and_keeps_what_was_typed(
    client, panel, gate, own_application, other_application, officer
):
    client.force_login(officer)
    good, bad = f"r-{gate.pk}-{own_application.pk}", f"r-{gate.pk}-{other_application.pk}"
    response = client.post(url(panel), {good: "90", bad: "120"})
    assert response.status_code == 200
    assert ComponentResult.objects.count() == 0
    cells = {cell["name"]: cell for _, row in response.context["rows"] for cell in row}
    assert cells[good]["value"] == Decimal("90")
    assert cells[bad]["value"] == "120"
    assert cells[bad]["error"] == "0에서 100 사이의 숫자를 입력하십시오."
    response = client.post(url(panel), {good: "90", bad: "9.123"})
    assert ComponentResult.objects.count() == 0


def test_reviewers_may_not_enter_results(client, panel, gate, own_application, reviewer):
    client.force_login(reviewer)
    response = client.post(url(panel), {f"r-{gate.pk}-{own_application.pk}": "100"})
    assert response.status_code == 403
    assert ComponentResult.objects.count() == 0
