"""Every write on awards: creation from a selected application, budget deliberation, the
agreement, amendments, status changes and termination. Tranches live in `disbursements`,
reports in `reports`, settlement and carry-over in `settlement`.
"""

import datetime
import uuid
from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.enums import OrganisationType
from applications.enums import ApplicationStatus, BudgetCategory, FundingSource
from applications.models import Application, BudgetLine, ReferenceCounter
from applications.services import DomainError
from applications.services import set_status as set_application_status
from awards.enums import AWARD_TRANSITIONS, COMMITTED, AwardStatus
from awards.models import WON_MAX, AgreementCondition, Award, AwardFunding, Deliberation, Phase
from awards.signals import award_terminated


class AwardRefused(DomainError):
    """A refused write on an award, tranche, report or settlement; messages keyed by field."""


def _record(obj, by, reason=""):
    obj._history_user = by
    obj._change_reason = reason


def add_months(day, months):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)


@transaction.atomic
def set_award_status(award, new_status, *, by, reason="", update_fields=()):
    """Move an award if AWARD_TRANSITIONS allows it; saves `status` (plus `update_fields`) and
    records who, when, before, after and the reason in its history."""
    new_status, current = AwardStatus(new_status), AwardStatus(award.status)
    if new_status not in AWARD_TRANSITIONS[current]:
        raise AwardRefused(
            {
                "status": [
                    _("An award cannot go from %(current)s to %(new)s.")
                    % {"current": current.label, "new": new_status.label}
                ]
            }
        )
    award.status = new_status
    _record(award, by, reason)
    award.save(update_fields=["status", *update_fields])
    return award


def _next_number(year):
    counter, _created = ReferenceCounter.objects.get_or_create(prefix="AWD", year=year)
    counter = ReferenceCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"AWD-{year}-{counter.last_number:04d}"


def _default_phases(starts_on, ends_on):
    """Yearly phases up to three years; 3 + 3 for longer agreements (graduate schools, whose
    second phase follows the continuation review)."""
    length = 36 if ends_on > add_months(starts_on, 36) else 12
    phases, start = [], starts_on
    while start < ends_on:
        end = min(add_months(start, length) - datetime.timedelta(days=1), ends_on)
        phases.append((start, end))
        start = end + datetime.timedelta(days=1)
    return phases


def _period_errors(call, starts_on, ends_on):
    if not starts_on or not ends_on or ends_on <= starts_on:
        return {"ends_on": [_("The agreement must end after it starts.")]}
    latest = add_months(starts_on, call.max_duration_months) - datetime.timedelta(days=1)
    if ends_on > latest:
        return {
            "ends_on": [
                _("The call allows at most %(months)s months: the agreement ends by %(day)s.")
                % {"months": call.max_duration_months, "day": latest.isoformat()}
            ]
        }
    return {}


@transaction.atomic
def create_award(
    application,
    *,
    by,
    starts_on,
    ends_on,
    agreement_deadline=None,
    phases=None,
    conditions=(),
):
    """Create the award of a selected application, never twice (the application row is locked).

    Side effects: the award (offered) with its phases and conditions; its funding lines start
    as the requested budget summed by fiscal year × 비목 × source (history rows by `by`); the
    application becomes awarded.
    """
    application = (
        Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    )
    if Award.objects.filter(application=application).exists():
        raise AwardRefused({"application": [_("This application already has an award.")]})
    if application.status != ApplicationStatus.SELECTED:
        raise AwardRefused({"application": [_("Only a selected application can be awarded.")]})
    errors = _period_errors(application.call, starts_on, ends_on)
    if agreement_deadline and agreement_deadline > starts_on + datetime.timedelta(days=90):
        errors["agreement_deadline"] = [
            _("The agreement deadline must fall within 90 days of the start.")
        ]
    phases = list(phases or _default_phases(starts_on, ends_on))
    if not errors and (phases[0][0] != starts_on or phases[-1][1] > ends_on):
        errors["phases"] = [_("The phases must cover the agreement period.")]
    if errors:
        raise AwardRefused(errors)
    award = Award(
        application=application,
        number=_next_number(starts_on.year),
        starts_on=starts_on,
        ends_on=ends_on,
        agreement_deadline=agreement_deadline,
        created_by=by,
    )
    _record(award, by, "award created")
    award.save()
    for number, (start, end) in enumerate(phases, start=1):
        phase = Phase(award=award, number=number, starts_on=start, ends_on=end)
        _record(phase, by)
        phase.save()
    for text in conditions:
        condition = AgreementCondition(award=award, text_ko=text)
        _record(condition, by)
        condition.save()
    requested = defaultdict(int)
    for line in BudgetLine.objects.filter(application=application):
        requested[(line.fiscal_year, line.category, line.source)] += line.amount
    bulk_create_with_history(
        [
            AwardFunding(award=award, fiscal_year=y, category=c, source=s, amount=amount)
            for (y, c, s), amount in sorted(requested.items())
        ],
        AwardFunding,
        default_user=by,
        default_change_reason="requested budget",
    )
    set_application_status(application, ApplicationStatus.AWARDED, by=by, reason=award.number)
    return award


# Budget deliberation and amendments ---------------------------------------------------------


def _funding_errors(award, cells):
    """Checks of a full funding table {(year, category, source): amount}."""
    errors = defaultdict(list)
    years = range(award.starts_on.year, award.ends_on.year + 1)
    for (year, category, source), amount in cells.items():
        if year not in years:
            errors["funding"].append(
                _("%(year)s is outside the agreement period.") % {"year": year}
            )
        if category not in BudgetCategory.values or source not in FundingSource.values:
            errors["funding"].append(_("Unknown budget category or source of funds."))
        if isinstance(amount, bool) or not isinstance(amount, int) or not 0 <= amount <= WON_MAX:
            errors["funding"].append(_("Amounts are whole won between 0 and 1조 원."))
    if errors:
        return dict(errors)
    call = award.application.call
    government = defaultdict(int)
    by_source = defaultdict(int)
    for (year, _category, source), amount in cells.items():
        by_source[source] += amount
        if source == FundingSource.GOVERNMENT:
            government[year] += amount
    for year, amount in sorted(government.items()):
        if call.cap_per_year is not None and amount > call.cap_per_year:
            errors["funding"].append(
                _("Government funding for %(year)s exceeds the call's yearly cap.") % {"year": year}
            )
    if call.cap_total is not None and by_source[FundingSource.GOVERNMENT] > call.cap_total:
        errors["funding"].append(_("Government funding exceeds the call's total cap."))
    errors["funding"] += _share_errors(award, by_source)
    committed = defaultdict(int)
    for year, amount in award.tranches.filter(status__in=COMMITTED).values_list(
        "fiscal_year", "amount"
    ):
        committed[year] += amount
    for year, amount in sorted(committed.items()):
        if government[year] < amount:
            errors["funding"].append(
                _("%(year)s: approved and paid tranches already reach %(amount)s won.")
                % {"year": year, "amount": f"{amount:,}"}
            )
    return {k: v for k, v in errors.items() if v}


def _share_errors(award, by_source):
    """Matching rules by organisation type (max government share, min cash part). A single
    organisation's award is checked against its type's rule; a consortium's rules hold per
    organisation and were checked at submission, so deliberation may not raise the
    government's share of the whole above what was requested."""
    total = sum(by_source.values())
    if not total:
        return []
    application = award.application
    participants = list(application.team.participants.select_related("organisation"))
    government = by_source[FundingSource.GOVERNMENT]
    if len(participants) > 1:
        requested = defaultdict(int)
        for source, amount in BudgetLine.objects.filter(application=application).values_list(
            "source", "amount"
        ):
            requested[source] += amount
        asked = sum(requested.values())
        if asked and government * asked > requested[FundingSource.GOVERNMENT] * total:
            return [_("The government's share may not rise above the requested share.")]
        return []
    organisation = participants[0].organisation if participants else application.host_organisation
    rule = (
        organisation
        and application.call.share_rules.filter(organisation_type=organisation.type).first()
    )
    if not rule:
        return []
    errors = []
    if government * 100 > total * rule.max_government_percent:
        errors.append(
            _("A %(type)s may receive at most %(percent)s%% of the budget from the government.")
            % {
                "type": OrganisationType(organisation.type).label,
                "percent": rule.max_government_percent,
            }
        )
    own = total - government
    if own and by_source[FundingSource.CASH] * 100 < own * rule.min_cash_percent:
        errors.append(
            _("At least %(percent)s%% of the institution's share must be cash.")
            % {"percent": rule.min_cash_percent}
        )
    return errors


def _write_funding(award, cells, *, by, reason):
    existing = {(f.fiscal_year, f.category, f.source): f for f in award.funding.all()}
    changed, new = [], []
    for key, amount in cells.items():
        line = existing.pop(key, None)
        if line is None:
            new.append(AwardFunding(award=award, fiscal_year=key[0], category=key[1],
                                    source=key[2], amount=amount))  # fmt: skip
        elif line.amount != amount:
            line.amount = amount
            changed.append(line)
    bulk_create_with_history(new, AwardFunding, default_user=by, default_change_reason=reason)
    bulk_update_with_history(
        changed, AwardFunding, ["amount"], default_user=by, default_change_reason=reason
    )
    for line in existing.values():  # a cell left out of the table is no longer funded
        _record(line, by, reason)
        line.delete()


@transaction.atomic
def deliberate_budget(award, *, funding, reason, by):
    """Replace the award's funding table with the deliberated one (사업비 심의·조정).

    `funding` maps (fiscal_year, category, source) to integer won. Side effects: funding lines
    created, changed or removed with history rows carrying `reason`; a Deliberation row; after
    acceptance this is an amendment and the version goes up.
    """
    award = Award.objects.select_for_update().select_related("application__call").get(pk=award.pk)
    if not reason or not reason.strip():
        raise AwardRefused({"reason": [_("Give the reason for the adjustment.")]})
    if award.status in (AwardStatus.TERMINATED, AwardStatus.COMPLETED):
        raise AwardRefused({"__all__": [_("A closed award's funding cannot change.")]})
    cells = {(int(y), c, s): a for (y, c, s), a in funding.items()}
    errors = _funding_errors(award, cells)
    if errors:
        raise AwardRefused(errors)
    _write_funding(award, cells, by=by, reason=reason)
    if award.status != AwardStatus.OFFERED:
        award.version += 1
        _record(award, by, reason)
        award.save(update_fields=["version"])
    Deliberation.objects.create(award=award, version=award.version, reason=reason, decided_by=by)
    return award


@transaction.atomic
def amend_agreement(award, *, by, reason, ends_on=None, agreement_deadline=None, conditions=None):
    """An amendment (변경협약) of the period, deadline or conditions: a new version with
    history (funding amendments go through deliberate_budget)."""
    award = Award.objects.select_for_update().select_related("application__call").get(pk=award.pk)
    if not reason or not reason.strip():
        raise AwardRefused({"reason": [_("Give the reason for the amendment.")]})
    if award.status in (AwardStatus.TERMINATED, AwardStatus.COMPLETED):
        raise AwardRefused({"__all__": [_("A closed award cannot be amended.")]})
    if ends_on is not None:
        errors = _period_errors(award.application.call, award.starts_on, ends_on)
        if errors:
            raise AwardRefused(errors)
        award.ends_on = ends_on
    if agreement_deadline is not None:
        award.agreement_deadline = agreement_deadline
    if conditions is not None:
        award.conditions.all().delete()
        for text in conditions:
            condition = AgreementCondition(award=award, text_ko=text)
            _record(condition, by, reason)
            condition.save()
    award.version += 1
    _record(award, by, reason)
    award.save(update_fields=["version", "ends_on", "agreement_deadline"])
    Deliberation.objects.create(award=award, version=award.version, reason=reason, decided_by=by)
    return award


@transaction.atomic
def accept_agreement(award, *, by, now=None):
    """The team's manager accepts the agreement in the browser: offered → active.

    Refused after the agreement deadline. Side effects: accepted_at/by; history."""
    from awards.permissions import is_team_manager

    now = now or timezone.now()
    award = Award.objects.select_for_update().get(pk=award.pk)
    award_members = Award.objects.prefetch_related("application__team__members").get(pk=award.pk)
    if not is_team_manager(by, award_members):
        raise AwardRefused({"__all__": [_("Only the team's manager accepts the agreement.")]})
    if award.status != AwardStatus.OFFERED:
        raise AwardRefused({"__all__": [_("This agreement is not waiting for acceptance.")]})
    if award.agreement_deadline and timezone.localdate(now) > award.agreement_deadline:
        raise AwardRefused({"__all__": [_("The agreement deadline has passed.")]})
    award.accepted_at, award.accepted_by = now, by
    return set_award_status(
        award, AwardStatus.ACTIVE, by=by, reason="agreement accepted",
        update_fields=["accepted_at", "accepted_by"],
    )  # fmt: skip


@transaction.atomic
def terminate_award(award, *, by, reason, on=None):
    """Terminate an award (at a stage gate or by an officer). Idempotent: an award already
    terminated is left as it is and nothing is sent again.

    Side effects: status terminated with the date and reason; planned and requested tranches
    cancelled; awards.signals.award_terminated sent with send_robust after commit, carrying a
    fresh event id. Returns True when this call terminated it.
    """
    from awards.disbursements import cancel_open_tranches

    award = Award.objects.select_for_update().get(pk=award.pk)
    if award.status == AwardStatus.TERMINATED:
        return False
    award.terminated_on = on or timezone.localdate()
    award.termination_reason = reason
    award.termination_event_id = uuid.uuid4()
    set_award_status(
        award, AwardStatus.TERMINATED, by=by, reason=reason,
        update_fields=["terminated_on", "termination_reason", "termination_event_id"],
    )  # fmt: skip
    cancel_open_tranches(award, by=by, reason=reason)
    event_id, day = str(award.termination_event_id), award.terminated_on
    transaction.on_commit(
        lambda: award_terminated.send_robust(
            sender=Award, award=award, event_id=event_id, terminated_on=day, by=by
        )
    )
    return True
