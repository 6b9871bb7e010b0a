"""이의신청: the team files an objection to a published result within the call's period; an
officer upholds or dismisses it with reasons; an upheld objection may reopen the decision."""

import datetime
import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.mail import queue_email
from applications.enums import TeamPermission
from applications.services import AttachmentRefused, DomainError, read_checked_pdf
from programmes.money import korean_datetime
from reviews.enums import OBJECTION_TRANSITIONS, ObjectionStatus
from reviews.models import Decision, Objection, ObjectionAttachment
from reviews.revocation import RevocationRefused, revoke_decision

MAX_GROUNDS = 10_000
MAX_FILES = 5


class ObjectionRefused(DomainError):
    """A refused filing or decision, with messages keyed by field ("__all__" for the whole)."""


def objection_deadline(panel):
    """The last moment to object: publication + the call's objection period (None before)."""
    if panel.results_published_at is None:
        return None
    return panel.results_published_at + datetime.timedelta(days=panel.stage.call.objection_days)


def _record(obj, by, reason=""):
    obj._history_user = by
    obj._change_reason = reason


def set_objection_status(objection, new_status, *, by, reasons, now=None):
    """Move an objection along OBJECTION_TRANSITIONS; records who, when and why."""
    new_status = ObjectionStatus(new_status)
    current = ObjectionStatus(objection.status)
    if new_status not in OBJECTION_TRANSITIONS[current]:
        raise ObjectionRefused(
            {"__all__": [_("This objection has already been decided (%(status)s).")
                         % {"status": current.label}]}
        )  # fmt: skip
    objection.status = new_status
    objection.reasons = reasons
    objection.decided_by = by
    objection.decided_at = now or timezone.now()
    _record(objection, by, reasons)
    objection.save(update_fields=["status", "reasons", "decided_by", "decided_at"])
    return objection


@transaction.atomic
def file_objection(*, decision, grounds, by, files=(), now=None):
    """The team's manager objects to a published decision, before the period ends.

    Raises ObjectionRefused naming the field (grounds, files, or the whole). Side effects: the
    Objection (status filed) with history; each PDF stored privately with its SHA-256; an
    e-mail to the programme officers after commit.
    """
    now = now or timezone.now()
    decision = Decision.objects.select_related("panel__stage__call", "application__team").get(
        pk=decision.pk
    )
    panel, application = decision.panel, decision.application
    if not application.team.members.filter(user=by, permission=TeamPermission.MANAGER).exists():
        raise ObjectionRefused({"__all__": [_("Only the team's manager may file an objection.")]})
    deadline = objection_deadline(panel)
    if deadline is None:
        raise ObjectionRefused({"__all__": [_("The results have not been published yet.")]})
    if now > deadline:
        raise ObjectionRefused(
            {"__all__": [_("The objection period ended at %(deadline)s (Korea time); "
                           "objections are no longer accepted.")
                         % {"deadline": korean_datetime(deadline)}]}
        )  # fmt: skip
    errors = {}
    grounds = (grounds or "").strip()
    if not grounds:
        errors["grounds"] = [_("State the grounds of the objection.")]
    elif len(grounds) > MAX_GROUNDS:
        errors["grounds"] = [_("Keep the grounds within %(n)s characters.") % {"n": MAX_GROUNDS}]
    files = list(files)
    if len(files) > MAX_FILES:
        errors["files"] = [_("Attach at most %(n)s files.") % {"n": MAX_FILES}]
    contents = []
    for upload in files if "files" not in errors else ():
        try:
            contents.append((upload, read_checked_pdf(upload, field="files")))
        except AttachmentRefused as refusal:
            errors["files"] = [f"{upload.name}: {m}" for m in refusal.errors["files"]]
            break
    if errors:
        raise ObjectionRefused(errors)
    objection = Objection(
        panel=panel,
        application=application,
        outcome_objected=decision.outcome,
        grounds=grounds,
        filed_by=by,
        filed_at=now,
    )
    _record(objection, by, "filed")
    try:
        with transaction.atomic():
            objection.save()
    except IntegrityError:
        raise ObjectionRefused(
            {"__all__": [_("An objection to this result has already been filed.")]}
        ) from None
    for upload, content in contents:
        attachment = ObjectionAttachment(
            objection=objection,
            original_name=(upload.name or "objection.pdf")[-255:],
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            uploaded_by=by,
        )
        attachment.file.save("upload.pdf", ContentFile(content), save=False)
        _record(attachment, by, "filed")
        attachment.save()
    _notify_officers(objection)
    return objection


def _notify_officers(objection):
    from accounts.enums import Role
    from accounts.models import User

    recipients = list(
        User.objects.filter(groups__name=Role.PROGRAMME_OFFICER, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if recipients:
        queue_email(
            to=recipients,
            subject=_("Objection filed: %(application)s") % {"application": objection.application},
            template="reviews/email/objection_filed.txt",
            context={
                "objection": objection,
                "link": settings.SITE_URL + objection.get_absolute_url(),
            },
        )


@transaction.atomic
def decide_objection(objection, *, upheld, reasons, by, now=None):
    """An officer upholds or dismisses a filed objection, with reasons.

    Side effects: the objection's status, reasons, decider and time, with history; an e-mail to
    the team after commit. The decision itself is reopened separately (reopen_decision).
    """
    objection = (
        Objection.objects.select_for_update()
        .select_related("application__team")
        .get(pk=objection.pk)
    )
    if not by.is_officer:
        raise ObjectionRefused({"__all__": [_("Only a programme officer decides objections.")]})
    reasons = (reasons or "").strip()
    if not reasons:
        raise ObjectionRefused({"reasons": [_("Give the reasons for the decision.")]})
    new = ObjectionStatus.UPHELD if upheld else ObjectionStatus.DISMISSED
    set_objection_status(objection, new, by=by, reasons=reasons, now=now)
    recipients = [
        m.user.email for m in objection.application.team.members.select_related("user")
        if m.user.email
    ]  # fmt: skip
    if recipients:
        queue_email(
            to=recipients,
            subject=_("Your objection has been decided: %(application)s")
            % {"application": objection.application},
            template="reviews/email/objection_decided.txt",
            context={
                "objection": objection,
                "link": settings.SITE_URL + objection.get_absolute_url(),
            },
        )
    return objection


@transaction.atomic
def reopen_decision(objection, *, by, reason="", now=None):
    """For an upheld objection, revoke the panel's decision so that it is decided again
    (reviews.revocation.revoke_decision, with the objection's reasons when no reason is given).

    Side effects: those of revoke_decision; the objection's decision_reopened_at, with history.
    """
    objection = (
        Objection.objects.select_for_update().select_related("panel__stage").get(pk=objection.pk)
    )
    if not by.is_officer:
        raise ObjectionRefused({"__all__": [_("Only a programme officer reopens a decision.")]})
    if objection.status != ObjectionStatus.UPHELD:
        raise ObjectionRefused(
            {"__all__": [_("Only an upheld objection can reopen the decision.")]}
        )
    if objection.decision_reopened_at:
        raise ObjectionRefused({"__all__": [_("The decision has already been reopened.")]})
    reason = (reason or "").strip() or _("Objection upheld: %(reasons)s") % {
        "reasons": objection.reasons
    }
    try:
        revoke_decision(objection.panel, reason=reason, by=by)
    except RevocationRefused as refusal:
        raise ObjectionRefused({"__all__": [str(refusal)]}) from None
    objection.decision_reopened_at = now or timezone.now()
    _record(objection, by, reason)
    objection.save(update_fields=["decision_reopened_at"])
    return objection
