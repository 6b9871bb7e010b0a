"""Lists cost the same number of queries for one application as for fifty, pinned exactly."""

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.enums import OrganisationRole, TeamPermission
from applications.models import Application
from tests.applications.factories import BudgetLineFactory, GpuRequestFactory
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    ParticipantFactory,
    TeamMemberFactory,
)

pytestmark = pytest.mark.django_db

# the same at one row and fifty: count, sorted ids, the page's rows, leads, GPU requests, and
# the session, user and layout around them
LIST_PAGE, LIST_API, HOME = 11, 8, 9
EXPORT = 6  # session, user, roles, the rows, their leads, their GPU requests


def make_applications(user, count):
    call = CallFactory()
    for _ in range(count):
        application = ApplicationFactory(team__call=call)
        TeamMemberFactory(team=application.team, user=user, permission=TeamPermission.EDITOR)
        lead = ParticipantFactory(team=application.team, role=OrganisationRole.LEAD)
        BudgetLineFactory(application=application, participant=lead)
        GpuRequestFactory(application=application)


@pytest.mark.parametrize("count", [1, 50])
def test_application_list_page_queries_do_not_grow(
    client, applicant, count, django_assert_num_queries
):
    make_applications(applicant, count)
    client.force_login(applicant)
    with django_assert_num_queries(LIST_PAGE):
        response = client.get(reverse("application-list"))
    assert len(response.context["applications"]) == count


@pytest.mark.parametrize("count", [1, 50])
def test_application_list_api_queries_do_not_grow(
    client, applicant, count, django_assert_num_queries
):
    make_applications(applicant, count)
    client.force_login(applicant)
    with django_assert_num_queries(LIST_API):
        response = client.get("/api/v1/applications/")
    assert response.json()["count"] == count
    assert response.json()["results"][0]["government_total"] == 1_000_000_000


@pytest.mark.parametrize("count", [1, 50])
def test_home_dashboard_queries_do_not_grow(client, applicant, count, django_assert_num_queries):
    make_applications(applicant, count)
    client.force_login(applicant)
    with django_assert_num_queries(HOME):
        response = client.get("/")
    assert response.content.decode().count('class="status status-draft"') == count


@pytest.mark.parametrize("count", [1, 50])
def test_application_export_queries_do_not_grow(
    client, applicant, officer, count, django_assert_num_queries
):
    make_applications(applicant, count)
    for application in Application.objects.all():  # submitted: what the officer lists
        application.reference, application.submitted_at = f"R-{application.pk}", timezone.now()
        application.save(update_fields=["reference", "submitted_at"])
    client.force_login(officer)
    with django_assert_num_queries(EXPORT):
        response = client.get(reverse("application-list"), {"format": "csv"})
    assert response.content.decode("utf-8-sig").count("\nR-") == count
