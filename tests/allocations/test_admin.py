"""The usage records' admin list at a million rows: filters that do not read every record."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from allocations.ingest import ingest_usage
from allocations.models import UsageRecord
from tests.allocations.test_ingest import funded, record  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


URL = "/admin/allocations/usagerecord/"


@pytest.fixture
def admin_with_usage(client, django_user_model, operator, funded):  # noqa: F811
    """A superuser's client, and three usage records of one quarter."""
    ingest_usage(operator, [record(n, funded) for n in range(1, 4)])
    client.force_login(django_user_model.objects.create_superuser("root", "root@msit.example", "x"))
    return client


def test_usage_filters_offer_the_years_and_quarters_and_narrow_the_list(admin_with_usage):
    client = admin_with_usage
    page = client.get(URL).content.decode()
    year = UsageRecord.objects.values_list("year", flat=True).first()
    assert f"?year={year}" in page and "?quarter=4" in page
    assert client.get(URL, {"year": year}).context["cl"].result_count == 3
    assert client.get(URL, {"year": year + 1}).context["cl"].result_count == 0
    # A value that is no year is ignored rather than a server error.
    assert client.get(URL, {"year": "x"}).status_code == 200


def test_usage_list_reads_no_distinct_values_of_the_records(admin_with_usage):
    with CaptureQueriesContext(connection) as captured:
        assert admin_with_usage.get(URL).status_code == 200
    usage = [q["sql"] for q in captured.captured_queries if "allocations_usagerecord" in q["sql"]]
    assert not [sql for sql in usage if "DISTINCT" in sql]
    assert sum("COUNT(*)" in sql for sql in usage) == 1
