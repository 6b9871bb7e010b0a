"""Every budget-line write is in the audit history (bulk writes of save_draft included), and
officers and auditors read it per application: who, when, before, after."""

import pytest

from applications.models import Application, BudgetLine
from tests.applications.factories import ready_application


@pytest.fixture
def draft(applicant):
    return ready_application(applicant)


def _patch(client, draft, lines):
    draft.refresh_from_db()
    response = client.patch(
        f"/api/v1/applications/{draft.pk}/",
        {"version": draft.version, "budget_lines": lines},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return response


def _as_submitted(application):
    """Staff read what was submitted; the rules of submission are tested elsewhere."""
    Application.objects.filter(pk=application.pk).update(
        status="submitted", reference=f"TST-2025-{application.pk:04d}"
    )


def _rows(draft):
    return [
        {
            "participant": line.participant_id,
            "fiscal_year": line.fiscal_year,
            "category": line.category,
            "source": line.source,
            "amount": line.amount,
        }
        for line in draft.budget_lines.order_by("id")
    ]


def test_lines_written_by_save_draft_leave_history_with_the_user(client, applicant, draft):
    client.force_login(applicant)
    rows = _rows(draft)
    rows.append({**rows[0], "fiscal_year": 2027, "amount": 123_000_000})
    _patch(client, draft, rows)
    added = BudgetLine.objects.get(application=draft, fiscal_year=2027, amount=123_000_000)
    record = added.history.get()
    assert (record.history_type, record.history_user, record.amount) == (
        "+",
        applicant,
        123_000_000,
    )


def test_a_changed_amount_is_one_change_with_before_and_after(client, applicant, draft):
    client.force_login(applicant)
    rows = _rows(draft)
    line = draft.budget_lines.order_by("id").first()
    before = line.amount
    rows[0]["amount"] = before + 50_000_000
    _patch(client, draft, rows)
    line.refresh_from_db()
    assert line.amount == before + 50_000_000  # the same row, not a new one
    assert [
        (h.history_type, h.amount, h.history_user) for h in line.history.order_by("history_id")
    ][-1] == ("~", before + 50_000_000, applicant)


def test_a_removed_line_is_recorded_with_who_removed_it(client, applicant, draft):
    client.force_login(applicant)
    rows = _rows(draft)
    gone = draft.budget_lines.order_by("id").last()
    _patch(client, draft, rows[:-1])
    record = BudgetLine.history.filter(id=gone.pk, history_type="-").get()
    assert record.history_user == applicant


def test_the_timeline_shows_who_when_before_and_after(client, applicant, officer, auditor, draft):
    client.force_login(applicant)
    rows = _rows(draft)
    line = draft.budget_lines.order_by("id").first()
    rows[0]["amount"] = 777_000_000
    _patch(client, draft, rows)
    _as_submitted(draft)
    for reader in (officer, auditor):
        client.force_login(reader)
        response = client.get(f"/applications/{draft.pk}/budget-history/")
        assert response.status_code == 200
        change = next(c for c in response.context["page"] if c.kind == "~")
        assert (change.line_id, change.before, change.after, change.who) == (
            line.pk,
            700_000_000,
            777_000_000,
            applicant,
        )
        page = response.content.decode()
        assert "7억 원" in page and "7억 7,700만 원" in page


def test_the_team_may_not_read_the_audit_trail_and_outsiders_get_404(
    client, applicant, other_applicant, reviewer, draft
):
    _as_submitted(draft)
    url = f"/applications/{draft.pk}/budget-history/"
    client.force_login(applicant)
    assert client.get(url).status_code == 403
    for outsider in (other_applicant, reviewer):
        client.force_login(outsider)
        assert client.get(url).status_code == 404


def test_another_applications_lines_never_appear(
    client, applicant, other_applicant, officer, draft
):
    bait = ready_application(other_applicant)
    _as_submitted(draft)
    _as_submitted(bait)
    client.force_login(officer)
    response = client.get(f"/applications/{draft.pk}/budget-history/")
    bait_ids = set(bait.budget_lines.values_list("pk", flat=True))
    assert bait_ids and not bait_ids & {c.line_id for c in response.context["page"]}


@pytest.mark.parametrize("extra_years", [0, 10])
def test_the_timeline_runs_the_same_queries_whatever_the_rows(
    client, applicant, officer, draft, django_assert_num_queries, extra_years
):
    client.force_login(applicant)
    rows = _rows(draft)
    for year in range(extra_years):
        rows.append({**rows[0], "fiscal_year": 2030 + year})
    _patch(client, draft, rows)
    _patch(client, draft, rows[:2])  # removals recorded as well
    _as_submitted(draft)
    client.force_login(officer)
    with django_assert_num_queries(17):
        response = client.get(f"/applications/{draft.pk}/budget-history/")
    assert response.status_code == 200
