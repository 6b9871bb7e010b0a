"""The budget table: one unit (천원), stated once, used for entry and display alike."""

import pytest
from django.urls import reverse

from applications.models import BudgetLine
from tests.applications.factories import ready_application

pytestmark = pytest.mark.django_db


def add_line(client, application, **overrides):
    lead = application.team.participants.get(role="lead")
    data = {
        "budget_lines-participant": lead.pk,
        "budget_lines-fiscal_year": "2027",
        "budget_lines-category": "equipment",
        "budget_lines-source": "government",
        "budget_lines-amount": "700000",
    }
    data.update(overrides)
    return client.post(reverse("application-part-add", args=[application.pk, "budget_lines"]), data)


def budget_section(client, application):
    page = client.get(reverse("application-edit", args=[application.pk])).content.decode()
    return page.split('<section id="budget_lines">')[1].split("</section>")[0]


def test_an_amount_typed_in_thousand_won_is_stored_in_won_and_shown_as_typed(client, applicant):
    application = ready_application(applicant)
    client.force_login(applicant)

    response = add_line(client, application)

    assert response.status_code == 302
    line = BudgetLine.objects.get(application=application, fiscal_year=2027)
    assert line.amount == 700_000_000
    assert '<td class="num">700,000</td>' in budget_section(client, application)


def test_the_unit_is_stated_once_and_the_amount_input_names_no_other(client, applicant):
    application = ready_application(applicant)
    client.force_login(applicant)

    section = budget_section(client, application)

    assert section.count("단위: 천원") == 1
    assert "(원)" not in section
    assert '<label for="id_budget_lines-amount">금액 *</label>' in section


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("budget_lines-amount", "-1", "0 이상"),
        ("budget_lines-amount", str(10**13 + 1), "이하"),
        ("budget_lines-fiscal_year", "3000", "2100 이하"),
        ("budget_lines-fiscal_year", "1999", "2000 이상"),
    ],
)
def test_out_of_bounds_input_is_a_message_on_its_field_not_a_500(
    client, applicant, field, value, message
):
    application = ready_application(applicant)
    client.force_login(applicant)

    response = add_line(client, application, **{field: value})

    assert response.status_code == 200
    errors = response.context["part_forms"]["budget_lines"].errors[field.split("-")[1]]
    assert message in errors[0]
    assert not BudgetLine.objects.filter(application=application, fiscal_year=2027).exists()
