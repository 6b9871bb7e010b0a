"""Bad budget lines are a 400 (API) or a field error (page) naming the field, never a 500:
amounts up to 1조 won, fiscal years inside the project period, no line twice in one PATCH."""

import datetime

import pytest

from applications.models import Application, BudgetLine
from tests.applications.factories import ready_application


@pytest.fixture
def draft(applicant):
    application = ready_application(applicant)
    Application.objects.filter(pk=application.pk).update(
        starts_on=datetime.date(2025, 8, 1), duration_months=24
    )
    application.refresh_from_db()
    return application


def _line(draft, **extra):
    row = {
        "participant": draft.team.participants.first().pk,
        "fiscal_year": 2026,
        "category": "salaries",
        "source": "government",
        "amount": 100_000_000,
    }
    return {**row, **extra}


def _patch(client, draft, lines, **fields):
    return client.patch(
        f"/api/v1/applications/{draft.pk}/",
        {"version": draft.version, "budget_lines": lines, **fields},
        content_type="application/json",
    )


@pytest.mark.parametrize("amount", [2**63, 2**63 - 1, 10**12 + 1, -1])
def test_an_amount_beyond_1jo_won_is_a_400(client, applicant, draft, amount):
    client.force_login(applicant)
    response = _patch(client, draft, [_line(draft, amount=amount)])
    assert response.status_code == 400
    assert list(response.json()) == ["budget_lines"]
    assert draft.budget_lines.count() == 4


def test_exactly_1jo_won_is_accepted(client, applicant, draft):
    client.force_login(applicant)
    assert _patch(client, draft, [_line(draft, amount=10**12)]).status_code == 200
    assert BudgetLine.objects.get(application=draft).amount == 10**12


@pytest.mark.parametrize("year", [1999, 2024, 2028, 32767])
def test_a_fiscal_year_outside_the_project_period_is_a_400(client, applicant, draft, year):
    client.force_login(applicant)
    response = _patch(client, draft, [_line(draft, fiscal_year=year)])
    assert response.status_code == 400
    assert list(response.json()) == ["budget_lines"]
    assert str(year) in response.json()["budget_lines"][0]
    assert draft.budget_lines.count() == 4


def test_the_period_is_read_from_the_same_patch(client, applicant, draft):
    client.force_login(applicant)
    response = _patch(
        client, draft, [_line(draft, fiscal_year=2028)], starts_on="2026-03-01", duration_months=36
    )
    assert response.status_code == 200, response.json()


def test_a_draft_without_a_period_keeps_the_databases_bounds(client, applicant, draft):
    Application.objects.filter(pk=draft.pk).update(starts_on=None)
    client.force_login(applicant)
    assert _patch(client, draft, [_line(draft, fiscal_year=1999)]).status_code == 400
    assert _patch(client, draft, [_line(draft, fiscal_year=2030)]).status_code == 200


def test_two_identical_lines_in_one_patch_are_a_400(client, applicant, draft):
    client.force_login(applicant)
    response = _patch(client, draft, [_line(draft), _line(draft)])
    assert response.status_code == 400
    assert response.json() == {
        "budget_lines": ["2행: 앞 행과 같은 기관·회계연도·비목·재원입니다. 한 번만 입력하십시오."]
    }
    assert draft.budget_lines.count() == 4


def test_the_page_puts_the_errors_on_their_fields(client, applicant, draft):
    client.force_login(applicant)
    participant = draft.team.participants.first().pk
    post = {
        "budget_lines-participant": participant,
        "budget_lines-fiscal_year": "1999",
        "budget_lines-category": "materials",
        "budget_lines-source": "government",
        "budget_lines-amount": str(2**63),
    }
    response = client.post(f"/applications/{draft.pk}/parts/budget_lines/", post)
    assert response.status_code == 200
    form = response.context["part_forms"]["budget_lines"]
    assert sorted(form.errors) == ["amount", "fiscal_year"]
    post["budget_lines-amount"] = "1000"
    response = client.post(f"/applications/{draft.pk}/parts/budget_lines/", post)
    form = response.context["part_forms"]["budget_lines"]
    assert sorted(form.errors) == ["fiscal_year"]
    assert draft.budget_lines.count() == 4


def test_submission_refuses_lines_left_outside_a_changed_period(applicant, draft):
    from applications import services

    Application.objects.filter(pk=draft.pk).update(starts_on=datetime.date(2027, 1, 1))
    draft.refresh_from_db()
    errors = services.check_submission(draft)
    assert any("2026" in message for message in errors["budget_lines"])


def test_a_year_of_student_places_twice_in_one_patch_is_a_400(client, applicant, draft):
    client.force_login(applicant)
    quotas = [{"year": 2025, "masters": 10, "phd": 2}, {"year": 2025, "masters": 12, "phd": 3}]
    response = client.patch(
        f"/api/v1/applications/{draft.pk}/",
        {"version": draft.version, "student_quotas": quotas},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["student_quotas"]
