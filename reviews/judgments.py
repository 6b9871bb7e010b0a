"""Judgments around a panel's decision: the chair's knock-out confirmation, and an officer's
revocation of a recorded decision (a recorded decision is final until revoked)."""

import logging

from django.db import transaction
from django.utils.translation import gettext as _

from applications.enums import ApplicationStatus
from applications.models import Application
from applications.services import set_status as set_application_status
from reviews import permissions
from reviews.conflicts import ConflictIndex
from reviews.enums import KnockoutRule, Outcome, PanelPurpose
from reviews.models import DecisionRevocation, KnockoutConfirmation, Review
from reviews.services import ConflictRefused, ReviewError, _record
from reviews.signals import decision_revoked

logger = logging.getLogger(__name__)


@transaction.atomic
def confirm_knockout(panel, *, application, failed, reason, by):
    """The chair records whether the application failed the panel's knock-out criteria.

    Only for panels whose knock-out rule is the chair's confirmation, before the decision.
    Side effects: a KnockoutConfirmation (updated when the chair changes it; history kept).
    It changes the ranking without touching a review: a stored ranking must key on it too.
    """
    if not permissions.is_chair(by, panel):
        raise ReviewError(_("Only the panel's chair can confirm a knock-out."))
    if panel.knockout_rule != KnockoutRule.CHAIR:
        raise ReviewError(_("In this panel a majority of the evaluators decides a knock-out."))
    if not (reason or "").strip():
        raise ReviewError(_("Give the reason for the knock-out judgment."))
    if panel.decisions.current().exists():
        raise ReviewError(_("This panel's decision has already been recorded."))
    if not Review.objects.active().filter(panel=panel, application=application).exists():
        raise ReviewError(_("This application is not evaluated by the panel."))
    if ConflictIndex([application]).conflicted_ids(by):
        raise ConflictRefused(
            _("%(name)s has a conflict of interest with %(application)s.")
            % {"name": by, "application": application}
        )
    confirmation = KnockoutConfirmation.objects.filter(panel=panel, application=application).first()
    confirmation = confirmation or KnockoutConfirmation(panel=panel, application=application)
    confirmation.failed = bool(failed)
    confirmation.reason = reason
    confirmation.confirmed_by = by
    _record(confirmation, by, reason)
    confirmation.save()
    return confirmation


def _status_set_by(panel, outcome):
    if outcome == Outcome.REJECT:
        return ApplicationStatus.NOT_SELECTED
    if panel.purpose == PanelPurpose.SELECT:
        return ApplicationStatus.SELECTED
    return ApplicationStatus.SHORTLISTED


@transaction.atomic
def revoke_decision(panel, *, reason, by):
    """An officer revokes the panel's recorded decision, with a reason.

    Refused when an application has moved on since (awarded, or decided by a later panel).
    Side effects: a DecisionRevocation; the Decision rows point at it (history with the reason);
    the applications return to under review; the results are unpublished; logged;
    reviews.signals.decision_revoked after commit. Reviews may then be reopened and a new
    decision recorded.
    """
    if not permissions.can_decide(by, panel):
        raise ReviewError(_("Only a programme officer can revoke a decision."))
    if not (reason or "").strip():
        raise ReviewError(_("Give the reason for revoking the decision."))
    decisions = list(panel.decisions.current().select_for_update().order_by("id"))
    if not decisions:
        raise ReviewError(_("This panel has no recorded decision to revoke."))
    gate = panel.purpose == PanelPurpose.STAGE_GATE
    applications = {
        a.pk: a
        for a in Application.objects.select_for_update().filter(
            pk__in=[d.application_id for d in decisions]
        )
    }
    if not gate:
        moved = sorted(
            applications[d.application_id].reference or str(applications[d.application_id])
            for d in decisions
            if applications[d.application_id].status != _status_set_by(panel, d.outcome)
        )
        if moved:
            raise ReviewError(
                _("These applications have moved on since the decision: %(refs)s.")
                % {"refs": ", ".join(moved)}
            )
    revocation = DecisionRevocation(panel=panel, reason=reason, revoked_by=by)
    _record(revocation, by, reason)
    revocation.save()
    for decision in decisions:
        decision.revocation = revocation
        _record(decision, by, reason)
        decision.save(update_fields=["revocation"])
        if not gate:
            set_application_status(
                applications[decision.application_id],
                ApplicationStatus.UNDER_REVIEW,
                by=by,
                reason=reason,
            )
    if panel.results_published_at is not None:
        panel.results_published_at = None
        _record(panel, by, reason)
        panel.save(update_fields=["results_published_at"])
    logger.info(
        "decision of panel %s revoked by %s (%s decisions): %s",
        panel.pk, by.pk, len(decisions), reason,
    )  # fmt: skip
    ids = [d.pk for d in decisions]
    application_ids = [d.application_id for d in decisions]
    transaction.on_commit(
        lambda: decision_revoked.send_robust(
            sender=type(panel),
            panel_id=panel.pk,
            revocation_id=revocation.pk,
            decision_ids=ids,
            application_ids=application_ids,
            revoked_by_id=by.pk,
        )  # fmt: skip
    )
    return revocation
