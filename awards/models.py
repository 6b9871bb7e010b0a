"""Awards: what the state commits to a selected application, by fiscal year.

The core (Award, its funding and its in-kind support) is shared by letters and allocations;
tranches, reports and settlement build on it.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from applications.enums import BudgetCategory, FundingSource, GpuType
from applications.models import Application
from awards.enums import (
    AwardStatus,
    CarryOverStatus,
    InKindKind,
    KpiMetric,
    ReportStatus,
    TrancheStatus,
)
from programmes.choices import ChoiceLabels


class Award(ChoiceLabels, models.Model):
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
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    termination_reason = models.TextField(_("reason for termination"), blank=True)
    # One id per termination, carried by awards.signals.award_terminated (receivers dedupe on it).
    termination_event_id = models.UUIDField(null=True, blank=True, unique=True, editable=False)
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


class AwardFunding(ChoiceLabels, models.Model):
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


class InKindSupport(ChoiceLabels, models.Model):
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


WON_MAX = 10**12  # no single figure of one award reaches 1조 원


class Phase(models.Model):
    """A phase of the agreement (1단계, 2단계 …); a later phase's tranches wait for the report
    that closes the phase before it."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="phases")
    number = models.PositiveSmallIntegerField(_("phase"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["award", "number"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [
            models.UniqueConstraint(fields=["award", "number"], name="phase_once_per_award"),
            models.CheckConstraint(condition=Q(number__gte=1), name="phase_number_positive"),
            models.CheckConstraint(condition=Q(ends_on__gt=F("starts_on")), name="phase_ordered"),
        ]

    def __str__(self):
        return str(self.label)

    @property
    def label(self):
        return _("Phase %(number)s") % {"number": self.number}


class AgreementCondition(models.Model):
    """A condition the team must reflect (조건부 사항), set at selection or deliberation."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="conditions")
    text_ko = models.CharField(_("condition (Korean)"), max_length=500)
    text_en = models.CharField(_("condition (English)"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["award", "id"]
        verbose_name = _("agreement condition")
        verbose_name_plural = _("agreement conditions")

    def __str__(self):
        return self.text

    @property
    def text(self):
        return self.text_en if get_language() == "en" and self.text_en else self.text_ko


class Deliberation(models.Model):
    """Why the funding is what it is: one budget deliberation (사업비 심의·조정) or amendment."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="deliberations")
    version = models.PositiveIntegerField(_("version"))
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    class Meta:
        ordering = ["award", "decided_at", "id"]
        verbose_name = _("budget deliberation")
        verbose_name_plural = _("budget deliberations")


class Tranche(ChoiceLabels, models.Model):
    """A release of government funding in one fiscal year (quarter optional). Finance officers
    request, approve (never their own request) and record the payment."""

    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="tranches")
    phase = models.ForeignKey(
        Phase, on_delete=models.PROTECT, null=True, blank=True, related_name="tranches"
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), null=True, blank=True)
    amount = models.BigIntegerField(_("amount (won)"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=20, choices=TrancheStatus, default=TrancheStatus.PLANNED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    payment_reference = models.CharField(_("payment reference"), max_length=50, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["award", "fiscal_year", "due_on", "id"]
        verbose_name = _("tranche")
        verbose_name_plural = _("tranches")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=TrancheStatus.values), name="tranche_status_known"
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=1, amount__lte=WON_MAX), name="tranche_amount_range"
            ),
            models.CheckConstraint(
                condition=Q(quarter__isnull=True) | Q(quarter__gte=1, quarter__lte=4),
                name="tranche_quarter_known",
            ),
            # Maker–checker, in the database as well as in services.approve_tranche.
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True)
                | Q(requested_by__isnull=True)
                | ~Q(approved_by=F("requested_by")),
                name="tranche_approver_is_not_requester",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "paid"])
                | (Q(approved_by__isnull=False) & Q(requested_by__isnull=False)),
                name="tranche_approved_has_maker_and_checker",
            ),
            models.CheckConstraint(
                condition=~Q(status="paid") | (Q(paid_on__isnull=False) & ~Q(payment_reference="")),
                name="tranche_paid_has_reference_and_date",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self):
        return f"{self.award.number} {self.fiscal_year}" + (
            f" Q{self.quarter}" if self.quarter else ""
        )


class CashShareReceipt(models.Model):
    """The institution's cash share (기관부담 현금) received for a fiscal year: a release
    condition of that year's tranches."""

    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="cash_receipts")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    amount = models.BigIntegerField(_("amount (won)"))
    received_on = models.DateField(_("received on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["award", "fiscal_year", "received_on"]
        verbose_name = _("cash share receipt")
        verbose_name_plural = _("cash share receipts")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=1, amount__lte=WON_MAX), name="cash_receipt_amount_range"
            )
        ]


class ProgressReport(ChoiceLabels, models.Model):
    """A team's progress report for a period, with structured KPIs; an officer accepts or
    returns it, and acceptance releases the next phase's tranches."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="reports")
    phase = models.ForeignKey(
        Phase, on_delete=models.PROTECT, null=True, blank=True, related_name="reports"
    )
    period_starts_on = models.DateField(_("period starts on"))
    period_ends_on = models.DateField(_("period ends on"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus, default=ReportStatus.DRAFT
    )
    summary = models.TextField(_("summary"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("officer's comment"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["award", "period_starts_on", "id"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ReportStatus.values), name="report_status_known"
            ),
            models.CheckConstraint(
                condition=Q(period_ends_on__gt=F("period_starts_on")), name="report_period_ordered"
            ),
            models.UniqueConstraint(
                fields=["award", "period_starts_on"], name="report_once_per_period"
            ),
        ]

    def __str__(self):
        return f"{self.award.number} {self.period_starts_on}–{self.period_ends_on}"


class Kpi(ChoiceLabels, models.Model):
    """One structured indicator of a report: target and actual in a unit, over a period."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="kpis")
    metric = models.CharField(_("indicator"), max_length=30, choices=KpiMetric)
    unit = models.CharField(_("unit"), max_length=20)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    actual = models.DecimalField(_("actual"), max_digits=14, decimal_places=2, null=True)
    period_starts_on = models.DateField(_("period starts on"))
    period_ends_on = models.DateField(_("period ends on"))
    # Pathfinder: the World Best LLM award whose team the recruit joins.
    joins_award = models.ForeignKey(
        Award,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team joined"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "id"]
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")
        constraints = [
            models.UniqueConstraint(fields=["report", "metric"], name="kpi_once_per_report"),
            models.CheckConstraint(
                condition=Q(target__gte=0) & (Q(actual__isnull=True) | Q(actual__gte=0)),
                name="kpi_not_negative",
            ),
        ]

    @property
    def met(self):
        return self.actual is not None and self.actual >= self.target


class CarryOver(ChoiceLabels, models.Model):
    """Unspent government funding moved into the next fiscal year (이월): only an officer's
    approval moves the ceilings."""

    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="carry_overs")
    from_year = models.PositiveSmallIntegerField(_("from fiscal year"))
    amount = models.BigIntegerField(_("amount (won)"))
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=20, choices=CarryOverStatus, default=CarryOverStatus.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["award", "from_year", "id"]
        verbose_name = _("carry-over")
        verbose_name_plural = _("carry-overs")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=1, amount__lte=WON_MAX), name="carry_over_amount_range"
            ),
            models.CheckConstraint(
                condition=Q(status__in=CarryOverStatus.values), name="carry_over_status_known"
            ),
        ]

    @property
    def to_year(self):
        return self.from_year + 1


class SettlementLine(ChoiceLabels, models.Model):
    """정산 of one phase and 비목: disbursed, spent, and the unspent part recovered (환수)."""

    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="settlement")
    phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="settlement")
    category = models.CharField(_("budget category"), max_length=20, choices=BudgetCategory)
    disbursed = models.BigIntegerField(_("disbursed (won)"))
    spent = models.BigIntegerField(_("spent (won)"))
    recovered = models.BigIntegerField(_("recovered (won)"), default=0)
    recovered_on = models.DateField(_("recovered on"), null=True, blank=True)
    recovery_reference = models.CharField(_("recovery reference"), max_length=50, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["award", "phase", "category"]
        verbose_name = _("settlement line")
        verbose_name_plural = _("settlement lines")
        constraints = [
            models.UniqueConstraint(fields=["phase", "category"], name="settlement_once"),
            models.CheckConstraint(
                condition=Q(disbursed__gte=0, disbursed__lte=WON_MAX)
                & Q(spent__gte=0, spent__lte=F("disbursed"))
                & Q(recovered__gte=0)
                & Q(recovered__lte=F("disbursed") - F("spent")),
                name="settlement_figures_consistent",
            ),
        ]

    @property
    def unspent(self):
        return self.disbursed - self.spent

    @property
    def to_recover(self):
        return self.unspent - self.recovered
