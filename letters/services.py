"""Every write to letters: issue, supersede and revoke, through one status function."""

import hashlib
import logging
import secrets

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.enums import FundingSource
from applications.services import DomainError
from awards.enums import AwardStatus
from awards.models import Award
from letters.enums import LETTER_TRANSITIONS, LetterStatus
from letters.models import AwardLetter, DocumentCounter, IssuingUnit
from letters.signals import letter_issued
from letters.units import DEFAULT_UNIT
from programmes.enums import Agency

logger = logging.getLogger(__name__)


class LetterRefused(DomainError):
    """A letter cannot be issued or changed as asked; messages keyed by field."""


def _record(obj, by, reason=""):
    obj._history_user = by
    obj._change_reason = reason


def set_letter_status(letter, new_status, *, by, reason="", update_fields=()):
    """Move a letter to `new_status` if LETTER_TRANSITIONS allows it.

    Side effects: saves status, reason and time (plus `update_fields`), recorded in the
    letter's history with who and why.
    """
    if new_status not in LETTER_TRANSITIONS[letter.status]:
        raise LetterRefused(
            {
                "status": [
                    _("A letter that is %(old)s cannot become %(new)s.")
                    % {"old": letter.get_status_display(), "new": LetterStatus(new_status).label}
                ]
            }
        )
    letter.status = new_status
    letter.status_changed_at = timezone.now()
    if reason:
        letter.status_reason = reason
    _record(letter, by, reason or str(LetterStatus(new_status).label))
    letter.save(update_fields=["status", "status_reason", "status_changed_at", *update_fields])
    return letter


def issuing_unit_for(award):
    """The programme's agency's unit when one is set up, else the ministry's own."""
    agency = award.application.call.programme.agency
    unit = IssuingUnit.objects.filter(agency=agency).first()
    if unit:
        return unit
    unit, _created = IssuingUnit.objects.get_or_create(agency=Agency.MSIT, defaults=DEFAULT_UNIT)
    return unit


def take_document_number(unit):
    """The unit's next document number; the counter row stays locked until commit."""
    counter, _created = DocumentCounter.objects.get_or_create(unit=unit)
    counter = DocumentCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"{unit.unit_ko}-{counter.last_number}"


def government_total(award):
    total = award.funding.filter(source=FundingSource.GOVERNMENT).aggregate(t=Sum("amount"))["t"]
    return total or 0


def check_can_issue(award):
    """Refuse, before anything is queued, what the issue itself would refuse."""
    if award.status == AwardStatus.TERMINATED:
        raise LetterRefused({"award": [_("A terminated award gets no letter.")]})
    revoked = AwardLetter.objects.filter(
        award=award, award_version=award.version, status=LetterStatus.REVOKED
    )
    if revoked.exists():
        raise LetterRefused(
            {
                "award": [
                    _(
                        "The letter of this award version was revoked; amend the award "
                        "(a new version) to issue another."
                    )
                ]
            }
        )
    if not government_total(award):
        raise LetterRefused({"award": [_("The award has no government funding to notify.")]})


def _reserve(award, *, by):
    """The letter row of the award's current version: found, or created with a new number."""
    with transaction.atomic():
        award = (
            Award.objects.select_for_update()
            .select_related("application__team", "application__call__programme")
            .get(pk=award.pk)
        )
        existing = AwardLetter.objects.filter(award=award, award_version=award.version).first()
        if existing:
            if existing.status == LetterStatus.REVOKED:
                check_can_issue(award)  # refuses: the version's letter was revoked
            return existing
        check_can_issue(award)
        unit = issuing_unit_for(award)
        application = award.application
        lead = application.team.participants.filter(role="lead").select_related("organisation")
        lead = lead.first()
        letter = AwardLetter(
            award=award,
            award_version=award.version,
            unit=unit,
            document_number=take_document_number(unit),
            verification_code=secrets.token_urlsafe(32),
            issued_at=timezone.now(),
            issued_by=by,
            issuer=unit.issuer_ko,
            recipient_organisation=lead.organisation.name_ko if lead else application.team.name_ko,
            project_title=application.title_ko or application.title_en,
            government_total=government_total(award),
        )
        _record(letter, by, "reserved")
        letter.save()
        return letter


def _complete(letter, pdf_bytes, *, by):
    """Store the PDF, make the letter valid and supersede the award's previous letter."""
    with transaction.atomic():
        # The award row serialises completions of one award (two workers, two versions).
        Award.objects.select_for_update().get(pk=letter.award_id)
        letter = AwardLetter.objects.select_for_update().get(pk=letter.pk)
        if letter.status != LetterStatus.ISSUING:
            return letter  # another run finished first; its PDF stands
        for previous in AwardLetter.objects.filter(
            award_id=letter.award_id, status=LetterStatus.VALID
        ):
            set_letter_status(
                previous,
                LetterStatus.SUPERSEDED,
                by=by,
                reason=_("Replaced by %(number)s") % {"number": letter.document_number},
            )
        letter.pdf.save("letter.pdf", ContentFile(pdf_bytes), save=False)
        letter.sha256 = hashlib.sha256(pdf_bytes).hexdigest()
        letter.size = len(pdf_bytes)
        set_letter_status(
            letter, LetterStatus.VALID, by=by, update_fields=["pdf", "sha256", "size"]
        )
        letter_id = letter.pk
        transaction.on_commit(
            lambda: letter_issued.send_robust(sender=AwardLetter, letter_id=letter_id)
        )
    return letter


def issue_award_letter(award, *, by):
    """Issue the selection notice of the award's current version, once.

    Idempotent: the same version yields the same letter. The letter takes its document number
    and verification code in one short transaction, renders outside it (so letters of one unit
    render in parallel), then a second transaction stores the PDF, supersedes the award's older
    letter and sends `letter_issued` after commit.
    """
    from letters.rendering import render_award_letter

    try:
        letter = _reserve(award, by=by)
    except IntegrityError:  # a simultaneous run reserved it first (SQLite has no row locks)
        letter = AwardLetter.objects.get(award=award, award_version=award.version)
    if letter.status != LetterStatus.ISSUING:
        return letter
    pdf_bytes = render_award_letter(letter)
    letter = _complete(letter, pdf_bytes, by=by)
    logger.info("issued award letter %s for %s", letter.document_number, award.number)
    return letter


@transaction.atomic
def revoke_award_letter(letter, *, reason, by):
    """Revoke a letter (valid or superseded); its verification page says so with the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise LetterRefused({"reason": [_("Give the reason for revoking the letter.")]})
    if len(reason) > 1000:
        raise LetterRefused({"reason": [_("Keep the reason under 1,000 characters.")]})
    letter = AwardLetter.objects.select_for_update().get(pk=letter.pk)
    return set_letter_status(letter, LetterStatus.REVOKED, by=by, reason=reason)
