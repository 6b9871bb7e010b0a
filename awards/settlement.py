"""Carry-over (이월) of unspent funding into the next fiscal year, only with an officer's
approval; settlement (정산) per phase and 비목: disbursed, spent and recovered (환수)."""

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from applications.enums import BudgetCategory
from awards import queries
from awards.enums import CarryOverStatus, TrancheStatus
from awards.models import WON_MAX, Award, CarryOver, SettlementLine, Tranche
from awards.services import AwardRefused, _record


def _whole_won(value):
    return not isinstance(value, bool) and isinstance(value, int) and 0 <= value <= WON_MAX


@transaction.atomic
def request_carry_over(award, *, from_year, amount, reason, by):
    """Ask to move unspent government funding of `from_year` into the next year."""
    award = Award.objects.select_for_update().get(pk=award.pk)
    errors = {}
    if not _whole_won(amount) or amount < 1:
        errors["amount"] = [_("Enter a whole number of won above zero.")]
    if not award.starts_on.year <= from_year < award.ends_on.year:
        errors["from_year"] = [_("Funding can be carried only into a later year of the award.")]
    if not (reason or "").strip():
        errors["reason"] = [_("Give the reason for the carry-over.")]
    if not errors and amount > queries.balance(award, from_year).year_remaining:
        errors["amount"] = [_("This exceeds the year's unspent funding.")]
    if errors:
        raise AwardRefused(errors)
    carry = CarryOver(award=award, from_year=from_year, amount=amount, reason=reason,
                      requested_by=by)  # fmt: skip
    _record(carry, by, reason)
    carry.save()
    return carry


@transaction.atomic
def decide_carry_over(carry, *, approve, by):
    """An officer approves or refuses; approval re-checks the unspent amount under the award's
    lock and then moves the two years' ceilings."""
    award = Award.objects.select_for_update().get(pk=carry.award_id)
    carry = CarryOver.objects.select_for_update().get(pk=carry.pk)
    if carry.status != CarryOverStatus.REQUESTED:
        raise AwardRefused({"status": [_("This carry-over has already been decided.")]})
    if approve and carry.amount > queries.balance(award, carry.from_year).year_remaining:
        raise AwardRefused({"amount": [_("This exceeds the year's unspent funding.")]})
    carry.status = CarryOverStatus.APPROVED if approve else CarryOverStatus.REFUSED
    carry.decided_by, carry.decided_at = by, timezone.now()
    _record(carry, by, str(carry.get_status_display()))
    carry.save(update_fields=["status", "decided_by", "decided_at"])
    return carry


def paid_in_phase(phase):
    return (
        Tranche.objects.filter(phase=phase, status=TrancheStatus.PAID).aggregate(s=Sum("amount"))[
            "s"
        ]
        or 0
    )


@transaction.atomic
def settle_phase(phase, *, lines, by):
    """Record the phase's settlement: `lines` maps 비목 to (disbursed, spent). The disbursed
    figures must add up to what was paid in the phase. Written in bulk, with history."""
    award = Award.objects.select_for_update().get(pk=phase.award_id)
    errors = []
    for category, (disbursed, spent) in lines.items():
        if category not in BudgetCategory.values:
            errors.append(_("Unknown budget category."))
        elif not (_whole_won(disbursed) and _whole_won(spent)) or spent > disbursed:
            errors.append(
                _("%(category)s: spending is whole won, at most what was disbursed.")
                % {"category": BudgetCategory(category).label}
            )
    paid = paid_in_phase(phase)
    if not errors and sum(d for d, _s in lines.values()) != paid:
        errors.append(
            _("The disbursed figures must add up to the %(paid)s won paid in this phase.")
            % {"paid": f"{paid:,}"}
        )
    if errors:
        raise AwardRefused({"lines": errors})
    existing = {line.category: line for line in phase.settlement.all()}
    new, changed = [], []
    for category, (disbursed, spent) in lines.items():
        line = existing.get(category)
        if line is None:
            line = SettlementLine(award=award, phase=phase, category=category)
            line.disbursed, line.spent, line.recorded_by = disbursed, spent, by
            new.append(line)
        else:
            if line.recovered > disbursed - spent:
                raise AwardRefused({"lines": [_("More has already been recovered.")]})
            line.disbursed, line.spent, line.recorded_by = disbursed, spent, by
            changed.append(line)
    bulk_create_with_history(new, SettlementLine, default_user=by, default_change_reason="정산")
    bulk_update_with_history(
        changed, SettlementLine, ["disbursed", "spent", "recorded_by"],
        default_user=by, default_change_reason="정산",
    )  # fmt: skip
    return list(phase.settlement.all())


@transaction.atomic
def record_recovery(line, *, amount, recovered_on, reference, by):
    """Record an amount recovered (환수) of a settlement line's unspent funds."""
    line = SettlementLine.objects.select_for_update().get(pk=line.pk)
    errors = {}
    if not _whole_won(amount) or amount < 1 or amount > line.to_recover:
        errors["amount"] = [
            _("Recover between 1 and %(left)s won.") % {"left": f"{line.to_recover:,}"}
        ]
    if recovered_on is None or recovered_on > timezone.localdate():
        errors["recovered_on"] = [_("The date cannot be in the future.")]
    if not (reference or "").strip():
        errors["recovery_reference"] = [_("Enter the recovery reference.")]
    if errors:
        raise AwardRefused(errors)
    line.recovered += amount
    line.recovered_on, line.recovery_reference = recovered_on, reference.strip()[:50]
    _record(line, by, f"환수 {reference}")
    line.save(update_fields=["recovered", "recovered_on", "recovery_reference"])
    return line
