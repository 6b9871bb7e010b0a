"""이의신청: an applicant's objection to a published result, and its private PDF files.

Imported by reviews.models (the app's model registry); kept apart so that neither module
grows past a reader's patience.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from applications.models import Application
from programmes.choices import ChoiceLabels
from reviews.enums import ObjectionStatus, Outcome


class Objection(ChoiceLabels, models.Model):
    """One team's objection to one panel's published result for its application.

    It points at the panel and the application, not at the Decision row, and keeps the
    outcome objected to: an upheld objection may revoke that decision, and the objection
    must outlive it.
    """

    panel = models.ForeignKey("reviews.Panel", on_delete=models.PROTECT, related_name="objections")
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="objections"
    )
    outcome_objected = models.CharField(_("outcome objected to"), max_length=20, choices=Outcome)
    grounds = models.TextField(_("grounds"))
    status = models.CharField(
        _("status"), max_length=20, choices=ObjectionStatus, default=ObjectionStatus.FILED
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField(_("filed at"), default=timezone.now)
    reasons = models.TextField(_("reasons for the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reopened_at = models.DateTimeField(_("decision reopened at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-filed_at", "-id"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        constraints = [
            # One objection per result: a second one is a refusal, not a duplicate row.
            models.UniqueConstraint(
                fields=["panel", "application"], name="objection_once_per_result"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ObjectionStatus.values), name="objection_status_known"
            ),
            models.CheckConstraint(
                condition=Q(status=ObjectionStatus.FILED, decided_at__isnull=True)
                | (
                    ~Q(status=ObjectionStatus.FILED)
                    & Q(decided_at__isnull=False, decided_by__isnull=False)
                    & ~Q(reasons="")
                ),
                name="objection_decided_with_reasons",
            ),
            models.CheckConstraint(
                condition=Q(decision_reopened_at__isnull=True) | Q(status=ObjectionStatus.UPHELD),
                name="objection_reopens_only_when_upheld",
            ),
        ]
        indexes = [models.Index(fields=["status", "filed_at"])]

    def __str__(self):
        return f"{self.application} · {self.panel}"

    def get_absolute_url(self):
        return reverse("reviews:objection-detail", args=[self.pk])


def objection_file_path(attachment, filename):
    # Never the uploaded name: it is user input. The name is kept in `original_name`.
    return f"objections/{attachment.objection_id}/{uuid.uuid4().hex}.pdf"


class ObjectionAttachment(models.Model):
    """A PDF supporting an objection, stored privately and served only through a checked view."""

    objection = models.ForeignKey(Objection, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=objection_file_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["objection", "id"]
        verbose_name = _("objection file")
        verbose_name_plural = _("objection files")

    def __str__(self):
        return self.original_name
