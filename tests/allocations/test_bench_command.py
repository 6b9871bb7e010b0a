import io

from django.core.management import call_command

from allocations import services
from allocations.models import UsageRecord
from tests.allocations.conftest import Q1


def test_the_ingest_bench_reports_rates_and_a_re_import_adds_nothing(
    pool, operator, award, officer
):
    services.grant_gpu_time(
        award=award, pool=pool, quarter=Q1, gpu_type="B200", gpu_count=1, by=officer
    )
    out = io.StringIO()
    call_command("usage_ingest_bench", rows=300, stdout=out)
    text = out.getvalue()
    assert "accepted 300" in text
    assert "accepted 0, duplicate 300; rows added 0" in text
    assert "rows/s" in text
    assert UsageRecord.objects.count() == 0  # the run is rolled back
