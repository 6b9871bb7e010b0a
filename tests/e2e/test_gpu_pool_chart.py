"""The pool page draws its chart from the json_script figures under the strict CSP."""

import pytest

from allocations import services
from allocations.models import GpuPool, PoolTranche
from tests.allocations.conftest import Q1
from tests.awards.factories import AwardFactory
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_the_officer_sees_capacity_committed_and_used_stacked_by_type(live_server, page, officer):
    pool = GpuPool.objects.create(code="national", name_ko="국가 GPU 풀")
    PoolTranche.objects.create(
        pool=pool, gpu_type="B200", count=100, available_from=Q1.first_day, maintenance_percent=0
    )
    award = AwardFactory()
    services.grant_gpu_time(
        award=award, pool=pool, quarter=Q1, gpu_type="B200", gpu_count=40, by=officer
    )
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    log_in(page, live_server, "officer")
    page.goto(f"{live_server.url}/allocations/")
    page.wait_for_function("window.Chart && Chart.getChart(document.getElementById('pool-chart'))")
    stacks = page.evaluate(
        "Chart.getChart(document.getElementById('pool-chart')).data.datasets"
        ".map(d => [d.stack, d.label.split(' · ')[1], d.data[d.data.length - 1]])"
    )
    quarter = page.evaluate("Chart.getChart(document.getElementById('pool-chart')).data.labels")
    assert "2026년 1분기" in quarter
    index = quarter.index("2026년 1분기")
    data = page.evaluate(
        f"Chart.getChart(document.getElementById('pool-chart')).data.datasets"
        f".map(d => [d.stack, d.label.split(' · ')[1], d.data[{index}]])"
    )
    assert ["용량", "B200", 100 * 90 * 24] in data
    assert ["배분", "B200", 40 * 90 * 24] in data
    assert {s[0] for s in stacks} == {"용량", "배분", "사용"}
    assert problems == []
