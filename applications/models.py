import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Department, Organisation
from applications.enums import (
    ApplicationStatus,
    BudgetCategory,
    FundingSource,
    GpuType,
    OrganisationRole,
    TeamPermission,
)
from programmes.choices import ChoiceLabels
from programmes.enums import DocumentKind
from programmes.models import Call


class Team(models.Model):
    """The applicant side of one call: a consortium, a researcher with a host, or a university."""

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="teams")
    name_ko = models.CharField(_("team name (Korean)"), max_length=200)
    name_en = models.CharField(_("team name (English)"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["call", "name_ko"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self):
        return self.name

    @property
    def name(self):
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name_ko


class Participant(ChoiceLabels, models.Model):
    """An organisation taking part in a team, with its role in the consortium."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="participants")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="participations"
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    role = models.CharField(_("role in the consortium"), max_length=30, choices=OrganisationRole)
    history = HistoricalRecords()

    class Meta:
        ordering = ["team", "id"]
        verbose_name = _("participating organisation")
        verbose_name_plural = _("participating organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["team", "organisation"], name="participant_once_per_team"
            ),
            models.UniqueConstraint(
                fields=["team"], condition=Q(role="lead"), name="participant_one_lead_per_team"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()})"


class TeamMember(ChoiceLabels, models.Model):
    """A person with access to a team's application."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships"
    )
    permission = models.CharField(_("team permission"), max_length=10, choices=TeamPermission)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    organisation_role = models.CharField(
        _("organisation role"), max_length=30, choices=OrganisationRole, blank=True
    )
    joined_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["team", "id"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="team_member_once_per_team")
        ]

    def __str__(self):
        return f"{self.user} · {self.team}"

    @property
    def can_edit(self):
        return self.permission in (TeamPermission.MANAGER, TeamPermission.EDITOR)


class ApplicationQuerySet(models.QuerySet):
    def submitted(self):
        """Everything that went in: not drafts (a reopened application is a draft again)."""
        return self.exclude(status=ApplicationStatus.DRAFT)

    def for_member(self, user):
        return self.filter(team__members__user=user)


class Application(ChoiceLabels, models.Model):
    """One proposal to one call. Programme-specific facts sit in nullable fields."""

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications")
    team = models.OneToOneField(Team, on_delete=models.PROTECT, related_name="application")
    reference = models.CharField(
        _("reference number"), max_length=30, unique=True, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ApplicationStatus, default=ApplicationStatus.DRAFT
    )
    title_ko = models.CharField(_("title (Korean)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    kpis = models.TextField(_("KPIs"), blank=True)
    # The team's English version, for foreign evaluators (shown in English pages when given).
    summary_en = models.TextField(_("summary (English)"), blank=True)
    objectives_en = models.TextField(_("objectives (English)"), blank=True)
    kpis_en = models.TextField(_("KPIs (English)"), blank=True)
    principal_investigator = models.CharField(
        _("principal investigator"), max_length=100, blank=True
    )
    duration_months = models.PositiveSmallIntegerField(
        _("duration (months)"), null=True, blank=True
    )
    starts_on = models.DateField(_("planned start"), null=True, blank=True)
    # AI Pathfinder: an overseas researcher hosted by a Korean institution.
    researcher_name = models.CharField(_("researcher's name"), max_length=150, blank=True)
    host_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("host institution"),
    )
    qs_top100_years = models.PositiveSmallIntegerField(
        _("years of R&D at a QS top-100 computer-science university"), null=True, blank=True
    )
    bigtech_years = models.PositiveSmallIntegerField(
        _("years at a big-tech firm worth at least USD 200 bn"), null=True, blank=True
    )
    bigtech_firm = models.CharField(_("big-tech firm"), max_length=200, blank=True)
    # AI chip graduate school.
    faculty_count = models.PositiveSmallIntegerField(_("full-time faculty"), null=True, blank=True)
    curriculum_summary = models.TextField(_("curriculum summary"), blank=True)
    # Optimistic lock: every save of the draft increments it; a stale editor is told.
    version = models.PositiveIntegerField(default=1)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["call", "reference", "id"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ApplicationStatus.values), name="application_status_known"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(reference__isnull=False),
                name="application_submitted_has_reference",
            ),
        ]
        indexes = [
            models.Index(fields=["call", "status"]),
            # the stored ranking's signature reads the latest change per call from this
            models.Index(fields=["call", "updated_at"], name="application_call_updated"),
        ]

    def __str__(self):
        return self.reference or self.title or str(_("Draft application"))

    @property
    def title(self):
        if get_language() == "en" and self.title_en:
            return self.title_en
        return self.title_ko

    def _in_reader_language(self, field):
        english = getattr(self, f"{field}_en")
        if get_language() == "en" and english.strip():
            return english
        return getattr(self, field)

    @property
    def localised_summary(self):
        return self._in_reader_language("summary")

    @property
    def localised_objectives(self):
        return self._in_reader_language("objectives")

    @property
    def localised_kpis(self):
        return self._in_reader_language("kpis")

    def get_absolute_url(self):
        return reverse("application-detail", args=[self.pk])


class ApplicationPart(ChoiceLabels, models.Model):
    """A row that belongs to one application (budget line, resource request, quota)."""

    class Meta:
        abstract = True
        ordering = ["id"]


class BudgetLine(ApplicationPart):
    """Money one participating organisation asks for or brings: year × 비목 × source."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="budget_lines"
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="budget_lines",
        verbose_name=_("organisation"),
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    category = models.CharField(_("budget category"), max_length=20, choices=BudgetCategory)
    source = models.CharField(_("source"), max_length=20, choices=FundingSource)
    amount = models.BigIntegerField(_("amount (KRW)"))
    history = HistoricalRecords()

    class Meta(ApplicationPart.Meta):
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_line_not_negative"),
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=2000, fiscal_year__lte=2100),
                name="budget_line_year_plausible",
            ),
            models.UniqueConstraint(
                fields=["application", "participant", "fiscal_year", "category", "source"],
                name="budget_line_unique_cell",
            ),
        ]


class GpuRequest(ApplicationPart):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="gpu_requests"
    )
    gpu_type = models.CharField(_("GPU type"), max_length=10, choices=GpuType)
    count = models.PositiveIntegerField(_("number of GPUs"))
    gpu_hours_per_quarter = models.PositiveBigIntegerField(_("GPU-hours per quarter"))
    history = HistoricalRecords()

    class Meta(ApplicationPart.Meta):
        verbose_name = _("GPU request")
        verbose_name_plural = _("GPU requests")


class DataRequest(ApplicationPart):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="data_requests"
    )
    dataset = models.CharField(_("dataset"), max_length=200)
    supplier = models.CharField(_("supplier"), max_length=200, blank=True)
    volume_tb = models.DecimalField(_("volume (TB)"), max_digits=10, decimal_places=2)
    licence = models.CharField(_("licence"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta(ApplicationPart.Meta):
        verbose_name = _("data request")
        verbose_name_plural = _("data requests")
        constraints = [
            models.CheckConstraint(condition=Q(volume_tb__gte=0), name="data_volume_not_negative")
        ]


class StaffRequest(ApplicationPart):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="staff_requests"
    )
    role = models.CharField(_("role"), max_length=200)
    fte = models.DecimalField(_("FTE"), max_digits=5, decimal_places=2)
    months = models.PositiveSmallIntegerField(_("months"))
    overseas = models.BooleanField(_("overseas recruit"), default=False)
    history = HistoricalRecords()

    class Meta(ApplicationPart.Meta):
        verbose_name = _("staff request")
        verbose_name_plural = _("staff requests")
        constraints = [
            models.CheckConstraint(condition=Q(fte__gte=0), name="staff_fte_not_negative")
        ]


class StudentQuota(ApplicationPart):
    """AI chip graduate school: master's and PhD places per academic year."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="student_quotas"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    masters = models.PositiveSmallIntegerField(_("master's students"))
    phd = models.PositiveSmallIntegerField(_("PhD students"))
    history = HistoricalRecords()

    class Meta(ApplicationPart.Meta):
        verbose_name = _("student quota")
        verbose_name_plural = _("student quotas")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "year"], name="student_quota_once_per_year"
            )
        ]


def attachment_path(attachment, filename):
    # Never the uploaded name: it is user input. The name is kept in `original_name`.
    return f"applications/{attachment.application_id}/{uuid.uuid4().hex}.pdf"


class Attachment(ChoiceLabels, models.Model):
    """A PDF of an application, stored privately and served only through a checked view."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("document kind"), max_length=30, choices=DocumentKind)
    file = models.FileField(upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["application", "kind", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name


class Submission(models.Model):
    """The immutable record of what was submitted: one per submitted version."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="submissions"
    )
    version = models.PositiveIntegerField(_("version"))
    reference = models.CharField(_("reference number"), max_length=30)
    snapshot = models.JSONField(_("snapshot"))
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["application", "version"]
        verbose_name = _("submission snapshot")
        verbose_name_plural = _("submission snapshots")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "version"], name="submission_once_per_version"
            )
        ]

    def __str__(self):
        return f"{self.reference} v{self.version}"


class ReferenceCounter(models.Model):
    """The last number given per prefix and year; locked while a number is taken."""

    prefix = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="reference_counter_unique")
        ]

    def __str__(self):
        return f"{self.prefix}-{self.year}: {self.last_number}"


class Invitation(ChoiceLabels, models.Model):
    """An e-mailed invitation to join a team; the token in the link is the proof."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail"))
    token = models.CharField(max_length=64, unique=True)
    permission = models.CharField(_("team permission"), max_length=10, choices=TeamPermission)
    organisation_role = models.CharField(
        _("organisation role"), max_length=30, choices=OrganisationRole, blank=True
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["team", "-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.email} → {self.team}"
