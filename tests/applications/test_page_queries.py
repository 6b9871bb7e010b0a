"""The draft's own pages cost the same number of queries for one row as for many."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications import services
from applications.enums import FundingSource
from tests.applications.factories import BudgetLineFactory, pdf_upload, ready_application

pytestmark = pytest.mark.django_db

# Session, user and roles, the application with its call and team, membership and the
# page's own reads: pinned so that a query per row shows up as a failure.
EXPECTED = {"application-edit": 17, "application-submit": 15, "application-receipt": 16}


def with_rows(user, count):
    application = ready_application(user)
    lead = application.team.participants.get(role="lead")
    for year in range(count):
        BudgetLineFactory(
            application=application,
            participant=lead,
            fiscal_year=2030 + year,
            source=FundingSource.CASH,
            amount=1_000,
        )
        services.attach_document(
            application, kind="other", uploaded_file=pdf_upload(f"extra{year}.pdf"), by=user
        )
    return application


def count_queries(client, name, application):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(name, args=[application.pk]))
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["application-edit", "application-submit"])
@pytest.mark.parametrize("rows", [1, 12])
def test_draft_pages_queries_do_not_grow_with_rows(client, applicant, name, rows):
    application = with_rows(applicant, rows)
    client.force_login(applicant)

    assert count_queries(client, name, application) == EXPECTED[name]


@pytest.mark.parametrize("rows", [1, 12])
def test_receipt_queries_do_not_grow_with_documents(client, applicant, rows):
    application = with_rows(applicant, rows)
    services.submit_application(application, by=applicant, notify=False)
    client.force_login(applicant)

    assert (
        count_queries(client, "application-receipt", application) == EXPECTED["application-receipt"]
    )
