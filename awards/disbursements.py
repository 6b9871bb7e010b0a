"""Tranches and disbursements: schedule, request, approve (maker–checker), pay, cancel.

Approved + paid never exceed the fiscal year's government funding (moved by approved
carry-overs) nor the award's total: approval locks the award row, then re-reads the sums, so
concurrent approvals of one award queue behind each other and the last affordable one wins.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards import queries
from awards.enums import TRANCHE_TRANSITIONS, AwardStatus, TrancheStatus
from awards.models import WON_MAX, Award, CashShareReceipt, Phase, Tranche
from awards.services import AwardRefused, _record

S = TrancheStatus


@transaction.atomic
def set_tranche_status(tranche, new_status, *, by, reason="", update_fields=()):
    """Move a tranche if TRANCHE_TRANSITIONS allows it; saves and records history."""
    new_status, current = TrancheStatus(new_status), TrancheStatus(tranche.status)
    if new_status not in TRANCHE_TRANSITIONS[current]:
        raise AwardRefused(
            {
                "status": [
                    _("A tranche cannot go from %(current)s to %(new)s.")
                    % {"current": current.label, "new": new_status.label}
                ]
            }
        )
    tranche.status = new_status
    _record(tranche, by, reason)
    tranche.save(update_fields=["status", *update_fields])
    return tranche


def _money_errors(amount):
    if isinstance(amount, bool) or not isinstance(amount, int) or not 1 <= amount <= WON_MAX:
        return {"amount": [_("Enter a whole number of won above zero.")]}
    return {}


def release_blockers(tranche):
    """Why the tranche may not be released yet (empty when it may): the agreement accepted, the
    year's cash share received, and for a later phase the previous phase's report accepted."""
    award, blockers = tranche.award, []
    if award.status != AwardStatus.ACTIVE:  # only accept_agreement makes an award active
        blockers.append(_("The agreement has not been accepted, or the award is not active."))
    due = queries.cash_share_due(award, tranche.fiscal_year)
    if due and queries.cash_share_received(award, tranche.fiscal_year) < due:
        blockers.append(
            _("The institution's cash share for %(year)s has not been received in full.")
            % {"year": tranche.fiscal_year}
        )
    if tranche.phase_id and tranche.phase.number > 1:
        previous = tranche.phase.number - 1
        if not queries.accepted_report_exists(award, previous):
            blockers.append(
                _("The progress report of phase %(number)s has not been accepted.")
                % {"number": previous}
            )
    return blockers


def _affordable(award, fiscal_year, amount, field="amount"):
    balance = queries.balance(award, fiscal_year)
    if amount > balance.remaining:
        raise AwardRefused(
            {
                field: [
                    _(
                        "This exceeds what remains: %(remaining)s won for %(year)s "
                        "(year %(year_remaining)s, award total %(total_remaining)s)."
                    )
                    % {
                        "remaining": f"{balance.remaining:,}",
                        "year": fiscal_year,
                        "year_remaining": f"{balance.year_remaining:,}",
                        "total_remaining": f"{balance.total_remaining:,}",
                    }
                ]
            }
        )
    return balance


@transaction.atomic
def schedule_tranche(award, *, fiscal_year, amount, due_on, by, quarter=None, phase=None):
    """Plan a tranche of a fiscal year (quarter optional), within what remains for that year."""
    award = Award.objects.select_for_update().get(pk=award.pk)
    errors = _money_errors(amount)
    if not award.starts_on.year <= fiscal_year <= award.ends_on.year:
        errors["fiscal_year"] = [_("The fiscal year is outside the agreement period.")]
    if quarter is not None and quarter not in (1, 2, 3, 4):
        errors["quarter"] = [_("A quarter is 1 to 4.")]
    if due_on is None or due_on.year != fiscal_year:
        errors["due_on"] = [_("The due date must fall in the tranche's fiscal year.")]
    if phase is not None and phase.award_id != award.pk:
        errors["phase"] = [_("That phase belongs to another award.")]
    if award.status in (AwardStatus.TERMINATED, AwardStatus.COMPLETED):
        errors["__all__"] = [_("A closed award takes no new tranches.")]
    if errors:
        raise AwardRefused(errors)
    _affordable(award, fiscal_year, amount)
    if phase is None:
        phase = Phase.objects.filter(award=award, starts_on__lte=due_on).order_by("-number").first()
    tranche = Tranche(
        award=award, phase=phase, fiscal_year=fiscal_year, quarter=quarter, amount=amount,
        due_on=due_on, created_by=by,
    )  # fmt: skip
    _record(tranche, by, "scheduled")
    tranche.save()
    return tranche


def _locked(tranche):
    """Lock the award first, then the tranche: every path takes them in that order."""
    award = Award.objects.select_for_update().get(pk=tranche.award_id)
    tranche_pk = tranche.pk
    tranche = Tranche.objects.select_for_update(of=("self",)).select_related("phase")
    tranche = tranche.get(pk=tranche_pk)
    tranche.award = award
    return tranche


def _refuse_blocked(tranche):
    blockers = release_blockers(tranche)
    if blockers:
        raise AwardRefused({"__all__": blockers})


@transaction.atomic
def request_tranche(tranche, *, by, now=None):
    """A finance officer asks for the tranche's release (the maker). Refused while a release
    condition is unmet or when the amount exceeds what remains."""
    tranche = _locked(tranche)
    if tranche.status != S.PLANNED:
        raise AwardRefused({"status": [_("Only a planned tranche can be requested.")]})
    _refuse_blocked(tranche)
    _affordable(tranche.award, tranche.fiscal_year, tranche.amount)
    tranche.requested_by, tranche.requested_at = by, now or timezone.now()
    return set_tranche_status(
        tranche, S.REQUESTED, by=by, reason="requested",
        update_fields=["requested_by", "requested_at"],
    )  # fmt: skip


@transaction.atomic
def approve_tranche(tranche, *, by, now=None):
    """A different finance officer approves (the checker). Under the award's row lock the
    remaining balance is re-read, so two approvals cannot together overspend."""
    tranche = _locked(tranche)
    if tranche.status != S.REQUESTED:
        raise AwardRefused({"status": [_("Only a requested tranche can be approved.")]})
    if tranche.requested_by_id == by.pk:
        raise AwardRefused(
            {"__all__": [_("You requested this tranche: another finance officer must approve.")]}
        )
    _refuse_blocked(tranche)
    _affordable(tranche.award, tranche.fiscal_year, tranche.amount)
    tranche.approved_by, tranche.approved_at = by, now or timezone.now()
    return set_tranche_status(
        tranche, S.APPROVED, by=by, reason="approved",
        update_fields=["approved_by", "approved_at"],
    )  # fmt: skip


@transaction.atomic
def pay_tranche(tranche, *, by, reference, paid_on):
    """Record the payment of an approved tranche with the bank reference and the date."""
    tranche = _locked(tranche)
    errors = {}
    reference = (reference or "").strip()
    if not reference:
        errors["payment_reference"] = [_("Enter the payment reference.")]
    elif len(reference) > 50:
        errors["payment_reference"] = [_("At most 50 characters.")]
    today = timezone.localdate()
    if paid_on is None or paid_on > today:
        errors["paid_on"] = [_("The payment date cannot be in the future.")]
    elif tranche.approved_at and paid_on < timezone.localdate(tranche.approved_at):
        errors["paid_on"] = [_("The payment date cannot precede the approval.")]
    if tranche.status != S.APPROVED:
        errors["status"] = [_("Only an approved tranche can be paid.")]
    if errors:
        raise AwardRefused(errors)
    tranche.paid_by, tranche.paid_on, tranche.payment_reference = by, paid_on, reference
    return set_tranche_status(
        tranche, S.PAID, by=by, reason=f"paid {reference}",
        update_fields=["paid_by", "paid_on", "payment_reference"],
    )  # fmt: skip


@transaction.atomic
def cancel_tranche(tranche, *, by, reason, now=None):
    """Cancel a planned or requested tranche, with the reason."""
    tranche = _locked(tranche)
    if not (reason or "").strip():
        raise AwardRefused({"cancel_reason": [_("Give the reason for cancelling.")]})
    if tranche.status not in (S.PLANNED, S.REQUESTED):
        raise AwardRefused({"status": [_("Only a planned or requested tranche can be cancelled.")]})
    tranche.cancelled_by, tranche.cancelled_at = by, now or timezone.now()
    tranche.cancel_reason = reason
    return set_tranche_status(
        tranche, S.CANCELLED, by=by, reason=reason,
        update_fields=["cancelled_by", "cancelled_at", "cancel_reason"],
    )  # fmt: skip


def cancel_open_tranches(award, *, by, reason):
    """Cancel every planned and requested tranche of an award (its row is locked by the caller)."""
    now = timezone.now()
    tranches = Tranche.objects.select_for_update().filter(
        award=award, status__in=[S.PLANNED, S.REQUESTED]
    )
    for tranche in tranches:
        tranche.cancelled_by, tranche.cancelled_at, tranche.cancel_reason = by, now, reason
        set_tranche_status(
            tranche, S.CANCELLED, by=by, reason=reason,
            update_fields=["cancelled_by", "cancelled_at", "cancel_reason"],
        )  # fmt: skip


@transaction.atomic
def record_cash_share(award, *, fiscal_year, amount, received_on, by):
    """Record the institution's cash share received for a fiscal year."""
    errors = _money_errors(amount)
    if not award.starts_on.year <= fiscal_year <= award.ends_on.year:
        errors["fiscal_year"] = [_("The fiscal year is outside the agreement period.")]
    if received_on is None or received_on > timezone.localdate():
        errors["received_on"] = [_("The date cannot be in the future.")]
    if errors:
        raise AwardRefused(errors)
    receipt = CashShareReceipt(
        award=award, fiscal_year=fiscal_year, amount=amount, received_on=received_on,
        recorded_by=by,
    )  # fmt: skip
    _record(receipt, by, "cash share received")
    receipt.save()
    return receipt
