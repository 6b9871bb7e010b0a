from django.db import models
from django.utils.translation import gettext_lazy as _


class LetterStatus(models.TextChoices):
    # A letter is "issuing" between taking its document number and storing its PDF; only a
    # letter with a stored PDF is valid, so the verification page never vouches for nothing.
    ISSUING = "issuing", _("Being issued")
    VALID = "valid", _("Valid")
    SUPERSEDED = "superseded", _("Superseded")
    REVOKED = "revoked", _("Revoked")


S = LetterStatus
# The allowed next states. `services.set_letter_status` is the only place that moves a letter.
LETTER_TRANSITIONS = {
    S.ISSUING: {S.VALID},
    S.VALID: {S.SUPERSEDED, S.REVOKED},
    S.SUPERSEDED: {S.REVOKED},
    S.REVOKED: set(),
}
del S


class Disclosure(models.TextChoices):
    """공개 구분 printed in the footer of an official letter."""

    PUBLIC = "public", _("Public")
    PARTIAL = "partial", _("Partly public")
    CLOSED = "closed", _("Not public")


class BatchItemStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    DONE = "done", _("Issued")
    FAILED = "failed", _("Failed")
