"""The audit timeline of one award: who changed what, when, from what to what, across the award
and every money table that hangs from it (bulk writes included: they write history rows too).

One query per history table whatever the number of rows; diffs are computed in Python by
pairing each history row with the previous one of the same object.
"""

import datetime
from dataclasses import dataclass, field

from awards.models import (
    AgreementCondition,
    Award,
    AwardFunding,
    CarryOver,
    CashShareReceipt,
    InKindSupport,
    Phase,
    ProgressReport,
    SettlementLine,
    Tranche,
)
from awards.reasons import reason_label
from programmes.money import korean_date

# (model, how its history rows point at the award, the fields worth showing)
SOURCES = [
    (Award, "id", ["status", "version", "starts_on", "ends_on", "agreement_deadline",
                   "accepted_at", "terminated_on"]),
    (AwardFunding, "award_id", ["fiscal_year", "category", "source", "amount"]),
    (InKindSupport, "award_id", ["fiscal_year", "kind", "gpu_count", "gpu_seconds", "value"]),
    (Phase, "award_id", ["number", "starts_on", "ends_on"]),
    (AgreementCondition, "award_id", ["text_ko"]),
    (Tranche, "award_id", ["fiscal_year", "quarter", "amount", "due_on", "status",
                           "payment_reference", "paid_on"]),
    (CashShareReceipt, "award_id", ["fiscal_year", "amount", "received_on"]),
    (CarryOver, "award_id", ["from_year", "amount", "status"]),
    (ProgressReport, "award_id", ["period_starts_on", "period_ends_on", "status"]),
    (SettlementLine, "award_id", ["category", "disbursed", "spent", "recovered"]),
]  # fmt: skip
KINDS = {"+": "created", "~": "changed", "-": "deleted"}


@dataclass
class Entry:
    when: object
    who: object
    what: str  # the model's verbose name
    object_id: int
    kind: str  # created / changed / deleted
    reason: str
    changes: list = field(default_factory=list)  # [(field label, before, after)]


MONEY = {"amount", "value", "disbursed", "spent", "recovered", "gpu_seconds"}


def _display(model, name, value):
    model_field = model._meta.get_field(name)
    if value is None or value == "":
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if name in MONEY:
        return f"{value:,}"
    if isinstance(value, datetime.date):
        return korean_date(value)
    return str(value)


def entries(award):
    rows = []
    for model, pointer, fields in SOURCES:
        history = (
            model.history.filter(**{pointer: award.pk})
            .select_related("history_user")
            .order_by("id", "history_date", "history_id")
        )
        previous = {}
        for record in history:
            before = previous.get(record.id)
            changes = []
            for name in fields:
                after_value = getattr(record, name)
                before_value = getattr(before, name) if before else None
                if before is None and record.history_type != "+":
                    continue
                if before is None or before_value != after_value:
                    if before is None and after_value in (None, ""):
                        continue
                    changes.append((
                        str(model._meta.get_field(name).verbose_name),
                        _display(model, name, before_value) if before else "—",
                        _display(model, name, after_value),
                    ))  # fmt: skip
            previous[record.id] = record
            rows.append(Entry(
                when=record.history_date, who=record.history_user,
                what=str(model._meta.verbose_name), object_id=record.id,
                kind=KINDS[record.history_type], reason=reason_label(record.history_change_reason),
                changes=changes,
            ))  # fmt: skip
    rows.sort(key=lambda e: e.when, reverse=True)
    return rows
