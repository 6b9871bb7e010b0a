"""The national GPU pool, the allocation ledger, data grants, staff and usage.

GPU time is integer GPU-seconds everywhere (hours are derived for display); no float is stored.
Ledger entries and usage records are append-only: a change is a new row, never an update.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from allocations.enums import (
    NEGATIVE_KINDS,
    POSITIVE_KINDS,
    AlertKind,
    DataGrantStatus,
    EntryKind,
    StaffRole,
    TrancheStatus,
    UsageSource,
)
from applications.enums import GpuType
from applications.models import Application
from awards.models import Award
from programmes.choices import ChoiceLabels

QUARTER = Q(quarter__gte=1, quarter__lte=4)


class GpuPool(models.Model):
    """A pool of GPUs run by one operator (the national pool, a data centre of domestic NPUs)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    # Unused time of a closed quarter carried into the next, at most this share of its allotment.
    carry_over_cap_percent = models.PositiveSmallIntegerField(_("carry-over cap (%)"), default=10)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("GPU pool")
        verbose_name_plural = _("GPU pools")
        constraints = [
            models.CheckConstraint(
                condition=Q(carry_over_cap_percent__lte=100), name="pool_carry_over_cap_range"
            )
        ]

    def __str__(self):
        return self.name_ko


class PoolTranche(ChoiceLabels, models.Model):
    """GPUs of one type in the pool over a dated period; a share is held back for maintenance."""

    pool = models.ForeignKey(GpuPool, on_delete=models.CASCADE, related_name="tranches")
    gpu_type = models.CharField(_("GPU type"), max_length=10, choices=GpuType)
    count = models.PositiveIntegerField(_("GPUs"))
    available_from = models.DateField(_("available from"))
    available_until = models.DateField(_("available until"), null=True, blank=True)
    maintenance_percent = models.PositiveSmallIntegerField(_("held back for maintenance (%)"))
    status = models.CharField(
        _("status"), max_length=10, choices=TrancheStatus, default=TrancheStatus.PLANNED
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pool", "available_from", "gpu_type"]
        verbose_name = _("pool tranche")
        verbose_name_plural = _("pool tranches")
        constraints = [
            models.CheckConstraint(
                condition=Q(count__gte=1, count__lte=1_000_000), name="tranche_count_range"
            ),
            models.CheckConstraint(
                condition=Q(maintenance_percent__lte=100), name="tranche_maintenance_range"
            ),
            models.CheckConstraint(
                condition=Q(available_until__isnull=True)
                | Q(available_until__gte=F("available_from")),
                name="tranche_period_ordered",
            ),
            models.CheckConstraint(
                condition=Q(gpu_type__in=GpuType.values), name="tranche_gpu_type_known"
            ),
        ]

    def __str__(self):
        return f"{self.gpu_type} × {self.count:,} ({self.available_from})"


class EquivalenceFactor(ChoiceLabels, models.Model):
    """How many H100s one GPU of a type is worth, in thousandths, from a date on.

    A new factor is a new row: reports of the past keep the factor of their day, and a transfer
    between types stores the factors it used."""

    gpu_type = models.CharField(_("GPU type"), max_length=10, choices=GpuType)
    valid_from = models.DateField(_("valid from"))
    h100_per_mille = models.PositiveIntegerField(_("H100-equivalent (‰)"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["gpu_type", "valid_from"]
        verbose_name = _("H100-equivalence factor")
        verbose_name_plural = _("H100-equivalence factors")
        constraints = [
            models.UniqueConstraint(fields=["gpu_type", "valid_from"], name="factor_once_a_day"),
            models.CheckConstraint(
                condition=Q(h100_per_mille__gte=1, h100_per_mille__lte=100_000),
                name="factor_range",
            ),
        ]

    def __str__(self):
        return f"{self.gpu_type} = H100 × {self.h100_per_mille / 1000:g} ({self.valid_from})"


class LedgerEntry(ChoiceLabels, models.Model):
    """One change to an award's GPU time for a quarter and GPU type. Balances are sums."""

    pool = models.ForeignKey(GpuPool, on_delete=models.PROTECT, related_name="entries")
    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="gpu_entries")
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    gpu_type = models.CharField(_("GPU type"), max_length=10, choices=GpuType)
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind)
    gpu_seconds = models.BigIntegerField(_("GPU-seconds"))
    # For display: the GPU count this entry stands for, when it was given as a count.
    gpu_count = models.PositiveIntegerField(_("GPUs"), null=True, blank=True)
    # Both halves of a transfer or a carry-over share one id.
    pair = models.UUIDField(null=True, blank=True, db_index=True)
    # Factors used when time moved between types (never recomputed when a factor changes).
    factor_from_per_mille = models.PositiveIntegerField(null=True, blank=True)
    factor_to_per_mille = models.PositiveIntegerField(null=True, blank=True)
    # The domain event that caused the entry (a termination), so a repeated event adds nothing.
    event_id = models.CharField(max_length=100, blank=True, default="")
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["year", "quarter", "gpu_type", "id"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        indexes = [models.Index(fields=["pool", "year", "quarter", "gpu_type"])]
        constraints = [
            models.CheckConstraint(condition=QUARTER, name="entry_quarter_range"),
            models.CheckConstraint(
                condition=Q(gpu_type__in=GpuType.values), name="entry_gpu_type_known"
            ),
            models.CheckConstraint(
                condition=(Q(kind__in=sorted(POSITIVE_KINDS)) & Q(gpu_seconds__gt=0))
                | (Q(kind__in=sorted(NEGATIVE_KINDS)) & Q(gpu_seconds__lt=0)),
                name="entry_sign_follows_kind",
            ),
            models.UniqueConstraint(
                fields=["event_id", "award", "year", "quarter", "gpu_type"],
                condition=~Q(event_id=""),
                name="entry_once_per_event",
            ),
        ]

    def __str__(self):
        return f"{self.award} {self.year} Q{self.quarter} {self.gpu_type} {self.kind}"


class GpuPlan(ChoiceLabels, models.Model):
    """What the award plans to use in a quarter (from its agreement): the baseline that awarded
    and released time are compared with. Not a commitment of the pool."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="gpu_plan")
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    gpu_type = models.CharField(_("GPU type"), max_length=10, choices=GpuType)
    gpu_count = models.PositiveIntegerField(_("GPUs"))
    gpu_seconds = models.BigIntegerField(_("GPU-seconds"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["award", "year", "quarter", "gpu_type"]
        verbose_name = _("planned GPU time")
        verbose_name_plural = _("planned GPU time")
        constraints = [
            models.CheckConstraint(condition=QUARTER, name="plan_quarter_range"),
            models.UniqueConstraint(
                fields=["award", "year", "quarter", "gpu_type"], name="plan_once"
            ),
            models.CheckConstraint(condition=Q(gpu_seconds__gte=0), name="plan_seconds_positive"),
        ]


class QuarterClosure(models.Model):
    """An officer closed a quarter of a pool: usage for it is refused from then on."""

    pool = models.ForeignKey(GpuPool, on_delete=models.PROTECT, related_name="closures")
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    closed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pool", "year", "quarter"]
        verbose_name = _("closed quarter")
        verbose_name_plural = _("closed quarters")
        constraints = [
            models.CheckConstraint(condition=QUARTER, name="closure_quarter_range"),
            models.UniqueConstraint(fields=["pool", "year", "quarter"], name="closure_once"),
        ]


class ClusterOperator(models.Model):
    """The operator of a pool, acting through a user account whose API token pushes usage."""

    pool = models.ForeignKey(GpuPool, on_delete=models.PROTECT, related_name="operators")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cluster_operator"
    )
    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["code"]
        verbose_name = _("cluster operator")
        verbose_name_plural = _("cluster operators")

    def __str__(self):
        return self.name


class UsageRecord(ChoiceLabels, models.Model):
    """GPU time a team used, as the operator measured it: append-only, unique per operator key.

    The period is the operator's own, never the server clock. A correction is a new record
    with negative GPU-seconds naming the record it corrects."""

    # The three references are checked by the database once per statement, not once per row
    # (PostgreSQL's foreign keys run three look-ups for every row of a bulk import): the
    # triggers of migration 0002 lock and check them as a foreign key would. SQLite, for
    # development, has no such check. The key and the pool index cover operator and pool.
    operator = models.ForeignKey(
        ClusterOperator, on_delete=models.PROTECT, related_name="usage",
        db_constraint=False, db_index=False,
    )  # fmt: skip
    external_id = models.CharField(_("operator's record id"), max_length=100)
    pool = models.ForeignKey(
        GpuPool, on_delete=models.PROTECT, related_name="usage",
        db_constraint=False, db_index=False,
    )  # fmt: skip
    award = models.ForeignKey(
        Award, on_delete=models.PROTECT, related_name="gpu_usage", db_constraint=False
    )
    gpu_type = models.CharField(_("GPU type"), max_length=10, choices=GpuType)
    period_start = models.DateTimeField(_("period start"))
    period_end = models.DateTimeField(_("period end"))
    # The fiscal quarter of the period (a period never spans two), kept for sums and closing.
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    gpu_seconds = models.BigIntegerField(_("GPU-seconds"))
    corrects = models.CharField(_("corrects record"), max_length=100, blank=True, default="")
    source = models.CharField(_("source"), max_length=10, choices=UsageSource)
    received_at = models.DateTimeField(_("received at"))

    class Meta:
        ordering = ["period_start", "id"]
        verbose_name = _("usage record")
        verbose_name_plural = _("usage records")
        indexes = [models.Index(fields=["pool", "year", "quarter", "award", "gpu_type"])]
        constraints = [
            models.UniqueConstraint(fields=["operator", "external_id"], name="usage_key_once"),
            models.CheckConstraint(condition=QUARTER, name="usage_quarter_range"),
            models.CheckConstraint(
                condition=Q(period_end__gt=F("period_start")), name="usage_period_ordered"
            ),
            models.CheckConstraint(
                condition=Q(gpu_seconds__gt=0) | (Q(gpu_seconds__lt=0) & ~Q(corrects="")),
                name="usage_negative_only_as_correction",
            ),
        ]

    def __str__(self):
        return f"{self.operator.code}:{self.external_id}"


class UsageTotal(ChoiceLabels, models.Model):
    """The sum of a team's usage records per pool, quarter and GPU type.

    Kept by the database itself (triggers on usage records, see migration 0003): every insert
    however it comes (the API, a CSV upload, a bulk load) adds to its total in the same
    transaction, so the pool and utilisation pages read a row per team and quarter instead of
    summing a million records. Usage records are append-only, so inserts are all it follows."""

    pool = models.ForeignKey(GpuPool, on_delete=models.PROTECT, related_name="usage_totals")
    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="gpu_usage_totals")
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    gpu_type = models.CharField(_("GPU type"), max_length=10, choices=GpuType)
    gpu_seconds = models.BigIntegerField(_("GPU-seconds"))
    records = models.PositiveIntegerField(_("records"))

    class Meta:
        verbose_name = _("usage total")
        verbose_name_plural = _("usage totals")
        constraints = [
            models.UniqueConstraint(
                fields=["pool", "award", "year", "quarter", "gpu_type"], name="usage_total_once"
            ),
        ]

    def __str__(self):
        return f"{self.award_id} {self.year}Q{self.quarter} {self.gpu_type}"


class UtilisationAlert(ChoiceLabels, models.Model):
    """Raised once per team × quarter × GPU type and level; a digest e-mails the new ones."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="gpu_alerts")
    pool = models.ForeignKey(GpuPool, on_delete=models.CASCADE, related_name="alerts")
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    gpu_type = models.CharField(_("GPU type"), max_length=10, choices=GpuType)
    kind = models.CharField(_("kind"), max_length=10, choices=AlertKind)
    level = models.PositiveSmallIntegerField(_("level (%)"))
    percent = models.PositiveIntegerField(_("use (%)"))
    raised_at = models.DateTimeField(auto_now_add=True)
    digested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at", "id"]
        verbose_name = _("utilisation alert")
        verbose_name_plural = _("utilisation alerts")
        constraints = [
            models.UniqueConstraint(
                fields=["award", "pool", "year", "quarter", "gpu_type", "kind", "level"],
                name="alert_once",
            )
        ]


def agreement_path(grant, filename):
    # Never the uploaded name: it is user input.
    return f"allocations/agreements/{grant.award_id}/{uuid.uuid4().hex}.pdf"


class DataGrant(ChoiceLabels, models.Model):
    """A dataset granted to a team, under a three-party agreement (ministry, supplier, team)."""

    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="data_grants")
    name_ko = models.CharField(_("dataset (Korean)"), max_length=200)
    name_en = models.CharField(_("dataset (English)"), max_length=200, blank=True)
    supplier = models.CharField(_("supplier"), max_length=200)
    licence_terms = models.TextField(_("licence terms"))
    volume = models.CharField(_("volume"), max_length=100, help_text=_("For example 2.4 TB."))
    value = models.BigIntegerField(_("value (won)"), default=0)
    access_from = models.DateField(_("access from"))
    access_until = models.DateField(_("access until"))
    agreement = models.FileField(_("three-party agreement"), upload_to=agreement_path, blank=True)
    agreement_name = models.CharField(max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=DataGrantStatus, default=DataGrantStatus.REQUESTED
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["award", "access_from", "id"]
        verbose_name = _("data grant")
        verbose_name_plural = _("data grants")
        constraints = [
            models.CheckConstraint(
                condition=Q(access_until__gt=F("access_from")), name="data_grant_period_ordered"
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0, value__lte=10**12), name="data_grant_value_range"
            ),
            models.CheckConstraint(
                condition=Q(status__in=DataGrantStatus.values), name="data_grant_status_known"
            ),
        ]

    def __str__(self):
        return self.name_ko


class StaffAllocation(ChoiceLabels, models.Model):
    """A post funded for a team: role, FTE (in hundredths) and months, planned and actual."""

    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="staff")
    role = models.CharField(_("role"), max_length=20, choices=StaffRole)
    fte_hundredths = models.PositiveSmallIntegerField(_("planned FTE (×100)"))
    months = models.PositiveSmallIntegerField(_("planned months"))
    starts_on = models.DateField(_("starts on"))
    actual_fte_hundredths = models.PositiveSmallIntegerField(
        _("actual FTE (×100)"), null=True, blank=True
    )
    actual_months = models.PositiveSmallIntegerField(_("actual months"), null=True, blank=True)
    person_name = models.CharField(_("named person"), max_length=150, blank=True)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A researcher hired through the AI Pathfinder Project, where there is one.
    pathfinder_recruit = models.ForeignKey(
        Application,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Pathfinder recruit"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["award", "starts_on", "id"]
        verbose_name = _("staff allocation")
        verbose_name_plural = _("staff allocations")
        constraints = [
            models.CheckConstraint(
                condition=Q(fte_hundredths__gte=1, fte_hundredths__lte=100),
                name="staff_fte_range",
            ),
            models.CheckConstraint(
                condition=Q(actual_fte_hundredths__isnull=True) | Q(actual_fte_hundredths__lte=100),
                name="staff_actual_fte_range",
            ),
            models.CheckConstraint(
                condition=Q(months__gte=1, months__lte=72), name="staff_months_range"
            ),
            models.CheckConstraint(
                condition=Q(actual_months__isnull=True) | Q(actual_months__lte=72),
                name="staff_actual_months_range",
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()} {self.fte_hundredths / 100:g} FTE"

    @property
    def planned_fte_months(self):
        """FTE × months in hundredths (integer)."""
        return self.fte_hundredths * self.months

    @property
    def actual_fte_months(self):
        if self.actual_fte_hundredths is None or self.actual_months is None:
            return None
        return self.actual_fte_hundredths * self.actual_months
