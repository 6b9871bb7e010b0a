"""Awards: what the state commits to a selected application, by fiscal year.

The core (Award, its funding and its in-kind support) is shared by letters and allocations;
tranches, reports and settlement build on it.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from applications.enums import BudgetCategory, FundingSource, GpuType
from applications.models import Application
from awards.enums import AwardStatus, InKindKind


class Award(models.Model):
    """The state's commitment to one selected application, for its whole period (협약)."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="award")
    number = models.CharField(_("award number"), max_length=30, unique=True)
    status = models.CharField(
        _("status"), max_length=20, choices=AwardStatus, default=AwardStatus.OFFERED
    )
    starts_on = models.DateField(_("agreement starts on"))
    ends_on = models.DateField(_("agreement ends on"))
    agreement_deadline = models.DateField(_("agreement deadline"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("agreement accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # An amendment (변경협약) raises the version; letters are issued per version.
    version = models.PositiveIntegerField(_("version"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=AwardStatus.values), name="award_status_known"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")), name="award_period_ordered"
            ),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("awards:award-detail", args=[self.pk])


class AwardFunding(models.Model):
    """Adjusted funding of one fiscal year × budget category × source, in won (사업비 심의·조정)."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="funding")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    category = models.CharField(_("budget category"), max_length=20, choices=BudgetCategory)
    source = models.CharField(_("source of funds"), max_length=20, choices=FundingSource)
    amount = models.BigIntegerField(_("amount (won)"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["award", "fiscal_year", "source", "category"]
        verbose_name = _("award funding line")
        verbose_name_plural = _("award funding lines")
        constraints = [
            models.UniqueConstraint(
                fields=["award", "fiscal_year", "category", "source"], name="award_funding_once"
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0, amount__lte=10**12), name="award_funding_amount_range"
            ),
        ]


class InKindSupport(models.Model):
    """GPUs, data or staff the state provides in a fiscal year, valued in won, kept apart from
    cash. GPU time is integer GPU-seconds; hours are derived for display."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="in_kind")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    kind = models.CharField(_("kind"), max_length=10, choices=InKindKind)
    description_ko = models.CharField(_("description (Korean)"), max_length=300)
    description_en = models.CharField(_("description (English)"), max_length=300, blank=True)
    gpu_type = models.CharField(_("GPU type"), max_length=10, choices=GpuType, blank=True)
    gpu_count = models.PositiveIntegerField(_("GPUs"), null=True, blank=True)
    gpu_seconds = models.BigIntegerField(_("GPU-seconds"), null=True, blank=True)
    value = models.BigIntegerField(_("value (won)"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["award", "fiscal_year", "kind", "id"]
        verbose_name = _("in-kind support")
        verbose_name_plural = _("in-kind support")
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=0, value__lte=10**12), name="in_kind_value_range"
            ),
            models.CheckConstraint(
                condition=~Q(kind="gpu") | (Q(gpu_count__isnull=False) & ~Q(gpu_type="")),
                name="in_kind_gpu_has_type_and_count",
            ),
            models.CheckConstraint(
                condition=Q(gpu_seconds__isnull=True) | Q(gpu_seconds__gte=0),
                name="in_kind_gpu_seconds_positive",
            ),
        ]

    @property
    def gpu_hours(self):
        return None if self.gpu_seconds is None else self.gpu_seconds // 3600
