"""Award letters (선정 통보서): official documents issued per award version, with the issuing
unit that signs them, its document-number counter, and the batches that issue a call's letters.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards.models import Award
from letters.enums import BatchItemStatus, Disclosure, LetterStatus
from programmes.choices import ChoiceLabels
from programmes.enums import Agency
from programmes.models import Call


class IssuingUnit(ChoiceLabels, models.Model):
    """The office (과) that drafts and sends an agency's letters: what the 시행문 footer prints."""

    agency = models.CharField(_("agency"), max_length=10, choices=Agency, unique=True)
    issuer_ko = models.CharField(_("issuing body (Korean)"), max_length=100)
    issuer_en = models.CharField(_("issuing body (English)"), max_length=200)
    sender_title_ko = models.CharField(
        _("sender's title (Korean)"), max_length=100, help_text=_("e.g. 과학기술정보통신부장관")
    )
    sender_title_en = models.CharField(_("sender's title (English)"), max_length=200)
    seal_text = models.CharField(
        _("seal text"),
        max_length=20,
        help_text=_("Characters of the seal, e.g. 과학기술정보통신부장관인"),
    )
    unit_ko = models.CharField(
        _("issuing unit (Korean)"), max_length=100, help_text=_("Prefix of document numbers.")
    )
    unit_en = models.CharField(_("issuing unit (English)"), max_length=200)
    drafter_position = models.CharField(_("drafter's position"), max_length=50)
    drafter_name = models.CharField(_("drafter's name"), max_length=50)
    reviewer_position = models.CharField(_("reviewer's position"), max_length=50)
    reviewer_name = models.CharField(_("reviewer's name"), max_length=50)
    approver_position = models.CharField(_("approver's position"), max_length=50)
    approver_name = models.CharField(_("approver's name"), max_length=50)
    postal_code = models.CharField(_("postal code"), max_length=10)
    address_ko = models.CharField(_("address (Korean)"), max_length=300)
    address_en = models.CharField(_("address (English)"), max_length=300)
    website = models.CharField(_("website"), max_length=200, blank=True)
    telephone = models.CharField(_("telephone"), max_length=30)
    fax = models.CharField(_("fax"), max_length=30, blank=True)
    email = models.EmailField(_("official's e-mail"))
    disclosure = models.CharField(
        _("disclosure class"), max_length=10, choices=Disclosure, default=Disclosure.PUBLIC
    )
    objection_days = models.PositiveSmallIntegerField(_("days to lodge an objection"), default=10)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agency"]
        verbose_name = _("issuing unit")
        verbose_name_plural = _("issuing units")
        constraints = [
            models.CheckConstraint(
                condition=Q(objection_days__gte=1, objection_days__lte=90),
                name="issuing_unit_objection_days_range",
            )
        ]

    def __str__(self):
        return f"{self.issuer_ko} {self.unit_ko}"


class DocumentCounter(models.Model):
    """The last document number a unit gave (인공지능기반정책과-1234); locked while one is taken."""

    unit = models.OneToOneField(IssuingUnit, on_delete=models.PROTECT, related_name="counter")
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.unit.unit_ko}-{self.last_number}"


def letter_path(letter, filename):
    # Never guessable and never the award number: the storage is private either way.
    return f"letters/{letter.award_id}/{uuid.uuid4().hex}.pdf"


class AwardLetterQuerySet(models.QuerySet):
    def current(self):
        return self.filter(status=LetterStatus.VALID)


class AwardLetter(ChoiceLabels, models.Model):
    """One issued selection notice for one version of an award.

    What the verification page shows is copied here at issue time, so it states what the letter
    said even after the award changes.
    """

    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="letters")
    award_version = models.PositiveIntegerField(_("award version"))
    unit = models.ForeignKey(IssuingUnit, on_delete=models.PROTECT, related_name="letters")
    document_number = models.CharField(_("document number"), max_length=120, unique=True)
    status = models.CharField(
        _("status"), max_length=20, choices=LetterStatus, default=LetterStatus.ISSUING
    )
    status_reason = models.TextField(_("reason"), blank=True)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    verification_code = models.CharField(_("verification code"), max_length=64, unique=True)
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issuer = models.CharField(_("issuer"), max_length=100)
    recipient_organisation = models.CharField(_("recipient organisation"), max_length=200)
    project_title = models.CharField(_("project title"), max_length=300)
    government_total = models.BigIntegerField(_("government funding (won)"))
    pdf = models.FileField(upload_to=letter_path, max_length=300, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)

    objects = AwardLetterQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["award", "-award_version"]
        verbose_name = _("award letter")
        verbose_name_plural = _("award letters")
        constraints = [
            models.UniqueConstraint(
                fields=["award", "award_version"], name="award_letter_once_per_version"
            ),
            models.UniqueConstraint(
                fields=["award"],
                condition=Q(status=LetterStatus.VALID),
                name="award_letter_one_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=LetterStatus.values), name="award_letter_status_known"
            ),
            models.CheckConstraint(
                condition=Q(status=LetterStatus.ISSUING) | (~Q(sha256="") & ~Q(pdf="")),
                name="award_letter_issued_has_pdf",
            ),
            models.CheckConstraint(
                condition=~Q(status=LetterStatus.REVOKED) | ~Q(status_reason=""),
                name="award_letter_revoked_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(government_total__gte=0), name="award_letter_amount_not_negative"
            ),
        ]

    def __str__(self):
        return self.document_number

    def get_absolute_url(self):
        return reverse("letters:award-letters", args=[self.award_id])

    def get_verify_url(self):
        return reverse("letter-verify", args=[self.verification_code])

    @property
    def is_valid(self):
        return self.status == LetterStatus.VALID


class LetterBatch(models.Model):
    """Issuing the letters of every award of a call at once; progress is counted from its items."""

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="letter_batches")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("letter batch")
        verbose_name_plural = _("letter batches")

    def __str__(self):
        return f"{self.call} · {self.created_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("letters:batch-detail", args=[self.pk])


class LetterBatchItem(ChoiceLabels, models.Model):
    batch = models.ForeignKey(LetterBatch, on_delete=models.CASCADE, related_name="items")
    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=10, choices=BatchItemStatus, default=BatchItemStatus.PENDING
    )
    letter = models.ForeignKey(
        AwardLetter, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    error = models.TextField(_("error"), blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        ordering = ["batch", "award__number"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "award"], name="letter_batch_award_once"),
            models.CheckConstraint(
                condition=Q(status__in=BatchItemStatus.values), name="batch_item_status_known"
            ),
        ]

    def __str__(self):
        return f"{self.batch_id} · {self.award_id}"
