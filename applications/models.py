from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Department, Organisation
from applications.enums import ApplicationStatus, OrganisationRole, TeamPermission
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


class Participant(models.Model):
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


class TeamMember(models.Model):
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


class Application(models.Model):
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
    duration_months = models.PositiveSmallIntegerField(
        _("duration (months)"), null=True, blank=True
    )
    starts_on = models.DateField(_("planned start"), null=True, blank=True)
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
        indexes = [models.Index(fields=["call", "status"])]

    def __str__(self):
        return self.reference or self.title or str(_("Draft application"))

    @property
    def title(self):
        if get_language() == "en" and self.title_en:
            return self.title_en
        return self.title_ko

    def get_absolute_url(self):
        return reverse("application-detail", args=[self.pk])
