"""Revoking a panel's recorded decision, with a reason, so that the panel can decide again.

An upheld objection (reviews.objections.reopen_decision) is one caller; any rule that needs a
decision out of the way first (reopening a review after the decision) calls the same function.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from applications.enums import ApplicationStatus
from applications.models import Application
from applications.services import set_status as set_application_status
from programmes.models import Call
from reviews.enums import Outcome, PanelPurpose
from reviews.signals import decision_revoked


class RevocationRefused(Exception):
    """The decision cannot be revoked; the message says why."""


def _status_set_by(decision):
    if decision.outcome == Outcome.REJECT:
        return ApplicationStatus.NOT_SELECTED
    if decision.panel.purpose == PanelPurpose.SELECT:
        return ApplicationStatus.SELECTED
    return ApplicationStatus.SHORTLISTED


@transaction.atomic
def revoke_decision(panel, *, reason, by):
    """Withdraw every Decision of the panel and its published results; the applications go
    back to under review.

    Refused (RevocationRefused) without a reason, without a decision, for a stage gate (its
    outcome has ended or continued awards) and when an application has moved on since (e.g.
    awarded, or decided at a later stage). Side effects: Decision rows deleted with a history
    row naming `by` and the reason; application statuses → under_review through set_status;
    panel.results_published_at cleared; reviews.signals.decision_revoked after commit.
    """
    from reviews.models import Decision, Panel

    if not (reason or "").strip():
        raise RevocationRefused(_("Give the reason for revoking the decision."))
    Call.objects.select_for_update().get(pk=panel.stage.call_id)
    panel = Panel.objects.select_for_update().select_related("stage").get(pk=panel.pk)
    if panel.purpose == PanelPurpose.STAGE_GATE:
        raise RevocationRefused(
            _("A stage-gate decision cannot be revoked here: it has already acted on the awards.")
        )
    decisions = list(Decision.objects.filter(panel=panel).select_related("panel"))
    if not decisions:
        raise RevocationRefused(_("This panel has no recorded decision to revoke."))
    applications = Application.objects.select_for_update().in_bulk(
        [d.application_id for d in decisions]
    )
    for decision in decisions:
        application = applications[decision.application_id]
        if application.status != _status_set_by(decision):
            raise RevocationRefused(
                _(
                    "%(application)s has moved on since the decision (now %(status)s); the "
                    "decision can no longer be revoked."
                )
                % {"application": application, "status": application.get_status_display()}
            )
    for decision in decisions:
        decision._history_user = by
        decision._change_reason = reason
        decision.delete()
        set_application_status(
            applications[decision.application_id],
            ApplicationStatus.UNDER_REVIEW,
            by=by,
            reason=reason,
        )
    panel.results_published_at = None
    panel._history_user = by
    panel._change_reason = reason
    panel.save(update_fields=["results_published_at"])
    ids = sorted(applications)
    transaction.on_commit(
        lambda: decision_revoked.send_robust(
            sender=Panel, panel_id=panel.pk, application_ids=ids, revoked_by_id=by.pk
        )
    )
    return ids
