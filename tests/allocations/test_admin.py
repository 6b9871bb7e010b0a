"""The usage records' admin list at a million rows: filters that do not read every record."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from allocations.ingest import ingest_usage
from allocations.models import UsageRecord
from tests.allocations.test_ingest import funded, record  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@msit.example", "x")


def test_usage_filters_offer_the_years_and_quarters_and_narrow_the_list(
    client,
    superuser,
    operator,
    funded,  # noqa: F811
):
    ingest_usage(operator, [record(n, funded) for n in range(1, 4)])
    client.force_login(superuser)
    url = "/admin/allocations/usagerecord/"
    page = client.get(url).content.decode()
    year = UsageRecord.objects.values_list("year", flat=True).first()
    assert f"?year={year}" in page and "?quarter=4" in page
    assert client.get(url, {"year": year}).context["cl"].result_count == 3
    assert client.get(url, {"year": year + 1}).context["cl"].result_count == 0
    # A value that is no year is ignored rather than a server error.
    assert client.get(url, {"year": "x"}).status_code == 200


def test_usage_list_reads_no_distinct_values_of_the_records(
    client,
    superuser,
    operator,
    funded,  # noqa: F811
):
    ingest_usage(operator, [record(n, funded) for n in range(1, 4)])
    client.force_login(superuser)
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/admin/allocations/usagerecord/").status_code == 200
    usage = [q["sql"] for q in captured.captured_queries if "allocations_usagerecord" in q["sql"]]
    assert not [sql for sql in usage if "DISTINCT" in sql]
    assert sum("COUNT(*)" in sql for sql in usage) == 1
