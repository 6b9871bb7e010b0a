import datetime

import pytest
from django.urls import reverse

from accounts.models import Organisation, Sanction
from tests import factories


@pytest.fixture
def proposed(db):
    return factories.OrganisationFactory(name_ko="새싹AI", is_confirmed=False)


def test_officers_and_auditors_see_the_organisations(client, officer, auditor, proposed):
    for person in (officer, auditor):
        client.force_login(person)
        response = client.get(reverse("organisation-list"), {"unconfirmed": "on"})
        assert response.status_code == 200
        assert [o.name_ko for o in response.context["page"]] == ["새싹AI"]


def test_applicants_and_reviewers_may_not_see_the_register(client, applicant, reviewer, proposed):
    for person in (applicant, reviewer):
        client.force_login(person)
        assert client.get(reverse("organisation-list")).status_code == 403
        assert client.get(reverse("sanction-list")).status_code == 403


def test_an_officer_confirms_a_proposed_organisation(client, officer, auditor, proposed):
    url = reverse("organisation-confirm", args=[proposed.pk])
    client.force_login(auditor)
    assert client.post(url).status_code == 403
    assert not Organisation.objects.get(pk=proposed.pk).is_confirmed
    client.force_login(officer)
    assert client.post(url).status_code == 302
    proposed.refresh_from_db()
    assert proposed.is_confirmed
    assert proposed.history.first().history_user == officer


def test_an_officer_enters_a_sanction(client, officer, proposed):
    client.force_login(officer)
    response = client.post(
        reverse("sanction-list"),
        {
            "organisation": proposed.pk,
            "starts_on": "2025-01-01",
            "ends_on": "2027-12-31",
            "reason": "연구개발비 부정 사용",
        },
    )
    assert response.status_code == 302
    sanction = Sanction.objects.get()
    assert (sanction.organisation, sanction.created_by) == (proposed, officer)
    assert sanction.ends_on == datetime.date(2027, 12, 31)


def test_a_sanction_ending_before_it_starts_is_refused_on_the_field(client, officer, proposed):
    client.force_login(officer)
    response = client.post(
        reverse("sanction-list"),
        {
            "organisation": proposed.pk,
            "starts_on": "2025-06-01",
            "ends_on": "2025-01-01",
            "reason": "x",
        },
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["ends_on"]
    assert Sanction.objects.count() == 0


def test_an_auditor_reads_the_register_but_cannot_add(client, auditor, proposed):
    factories.SanctionFactory(organisation=proposed)
    client.force_login(auditor)
    response = client.get(reverse("sanction-list"))
    assert response.status_code == 200
    assert response.context["form"] is None
    assert client.post(reverse("sanction-list"), {"organisation": proposed.pk}).status_code == 403


@pytest.mark.parametrize("rows", [1, 40])
def test_the_lists_run_a_constant_number_of_queries(
    client, officer, django_assert_max_num_queries, rows
):
    for _ in range(rows):
        organisation = factories.OrganisationFactory()
        factories.EmailDomainFactory(organisation=organisation)
        factories.DepartmentFactory(organisation=organisation)
        factories.SanctionFactory(organisation=organisation)
    client.force_login(officer)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("organisation-list")).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("sanction-list")).status_code == 200
