"""The budget timeline: every write of every budget line of an application, with who, when,
and the amount before and after. Read from the lines' history (django-simple-history), which
save_draft, add_part and remove_part fill for single and bulk writes alike."""

from dataclasses import dataclass

from applications.enums import BudgetCategory, FundingSource
from applications.models import BudgetLine, Participant


@dataclass
class BudgetChange:
    when: object
    who: object
    kind: str  # "+" added, "~" changed, "-" removed (simple-history's history_type)
    line_id: int
    organisation: str
    fiscal_year: int
    category: str
    source: str
    before: int | None
    after: int | None
    reason: str

    @property
    def kind_name(self):
        return {"+": "added", "~": "changed", "-": "removed"}[self.kind]

    @property
    def kind_label(self):
        from django.utils.translation import gettext as _

        return {"+": _("Added"), "~": _("Changed"), "-": _("Removed")}[self.kind]


def _organisation_names(participant_ids):
    """Names of the participants, including ones removed since (from their own history)."""
    names = {
        p.pk: p.organisation.name
        for p in Participant.objects.filter(pk__in=participant_ids).select_related("organisation")
    }
    missing = set(participant_ids) - set(names)
    if missing:
        for old in (
            Participant.history.filter(id__in=missing)
            .select_related("organisation")
            .order_by("id", "-history_date")
        ):
            names.setdefault(old.id, old.organisation.name if old.organisation else "—")
    return names


def budget_timeline(application):
    """Every budget-line history row of the application, newest first, in at most four
    queries whatever their number."""
    rows = list(
        BudgetLine.history.filter(application_id=application.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    names = _organisation_names({r.participant_id for r in rows})
    categories, sources = dict(BudgetCategory.choices), dict(FundingSource.choices)
    last_amount, changes = {}, []
    for row in rows:
        before = last_amount.get(row.id)
        after = None if row.history_type == "-" else row.amount
        changes.append(
            BudgetChange(
                when=row.history_date,
                who=row.history_user,
                kind=row.history_type,
                line_id=row.id,
                organisation=names.get(row.participant_id, "—"),
                fiscal_year=row.fiscal_year,
                category=categories.get(row.category, row.category),
                source=sources.get(row.source, row.source),
                before=before,
                after=after,
                reason=row.history_change_reason or "",
            )
        )
        last_amount[row.id] = after
    changes.reverse()
    return changes
