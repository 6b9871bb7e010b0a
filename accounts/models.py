import datetime

from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.enums import OrganisationType, Role
from accounts.sanctions import MAX_BAN_DAYS, MAX_SURCHARGE_WON, MIN_BAN_DAYS
from programmes.choices import ChoiceLabels


class OrganisationQuerySet(models.QuerySet):
    def sanctioned_on(self, day):
        return self.filter(
            Q(sanctions__starts_on__lte=day) & Q(sanctions__ends_on__gte=day)
        ).distinct()


class Organisation(ChoiceLabels, models.Model):
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    type = models.CharField(_("organisation type"), max_length=20, choices=OrganisationType)
    business_number = models.CharField(
        _("business registration number"),
        max_length=12,
        blank=True,
        help_text=_("10 digits, written 123-45-67890."),
    )
    is_confirmed = models.BooleanField(
        _("confirmed by an officer"),
        default=True,
        help_text=_("Organisations proposed at registration wait for an officer to confirm them."),
    )
    # What an official letter addressed to the organisation needs (수신: the head, by title).
    head_title = models.CharField(
        _("title of the head"), max_length=100, blank=True, help_text=_("e.g. 대표이사, 총장")
    )
    head_name = models.CharField(_("name of the head"), max_length=100, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name_ko"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["business_number"],
                condition=~Q(business_number=""),
                name="organisation_business_number_unique",
            ),
            models.CheckConstraint(
                condition=Q(type__in=OrganisationType.values), name="organisation_type_known"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self):
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name_ko

    def is_sanctioned(self, day=None):
        day = day or timezone.localdate()
        return any(s.covers(day) for s in self.sanctions.all())


class Department(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="departments"
    )
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        ordering = ["organisation", "name_ko"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name_ko"], name="department_unique_per_organisation"
            )
        ]

    def __str__(self):
        return f"{self.organisation} · {self.name}"

    @property
    def name(self):
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name_ko


class EmailDomain(models.Model):
    """An e-mail domain that belongs to an organisation (used for conflict detection)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="email_domains"
    )
    domain = models.CharField(_("e-mail domain"), max_length=253, unique=True)

    class Meta:
        ordering = ["domain"]
        verbose_name = _("e-mail domain")
        verbose_name_plural = _("e-mail domains")

    def __str__(self):
        return self.domain

    def save(self, *args, **kwargs):
        self.domain = self.domain.strip().lower()
        super().save(*args, **kwargs)


class Sanction(models.Model):
    """A participation ban (참여제한) of six months to ten years, with any surcharge (제재부가금).

    A banned organisation cannot apply, be selected or continue past a stage gate while it runs.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="sanctions"
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), help_text=_("The last day of the ban."))
    reason = models.TextField(_("reason"))
    surcharge_won = models.BigIntegerField(
        _("surcharge (제재부가금, KRW)"),
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_SURCHARGE_WON)],
    )
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("sanction")
        verbose_name_plural = _("sanctions register")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="sanction_ends_after_start",
            ),
            # Days, because the database has no calendar months; the form is exact.
            models.CheckConstraint(
                condition=Q(
                    ends_on__gte=models.F("starts_on") + datetime.timedelta(days=MIN_BAN_DAYS - 1),
                    ends_on__lte=models.F("starts_on") + datetime.timedelta(days=MAX_BAN_DAYS - 1),
                ),
                name="sanction_six_months_to_ten_years",
            ),
            models.CheckConstraint(
                condition=Q(surcharge_won__gte=0, surcharge_won__lte=MAX_SURCHARGE_WON),
                name="sanction_surcharge_in_bounds",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} ({self.starts_on} – {self.ends_on})"

    def covers(self, day):
        return self.starts_on <= day <= self.ends_on

    @property
    def in_force(self):
        return self.covers(timezone.localdate())

    @property
    def upcoming(self):
        return self.starts_on > timezone.localdate()


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("organisation"),
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("department"),
    )
    position = models.CharField(_("position"), max_length=100, blank=True)
    expertise = models.CharField(
        _("expertise keywords"), max_length=300, blank=True, help_text=_("Comma-separated.")
    )
    email_verified = models.BooleanField(_("e-mail verified"), default=False)
    # What was consented to at registration (accounts/consent.py), and when.
    privacy_consent_version = models.CharField(
        _("version of the privacy consent"), max_length=20, blank=True
    )
    privacy_consented_at = models.DateTimeField(
        _("privacy consent given at"), null=True, blank=True
    )
    terms_version = models.CharField(_("version of the terms accepted"), max_length=20, blank=True)
    terms_accepted_at = models.DateTimeField(_("terms accepted at"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return self.full_name or self.get_full_name() or self.username

    @property
    def email_domain(self):
        return self.email.rsplit("@", 1)[-1].lower() if "@" in self.email else ""

    def role_names(self):
        # Cached per instance: templates and permission checks ask many times per request.
        if not hasattr(self, "_role_names"):
            self._role_names = frozenset(self.groups.values_list("name", flat=True))
        return self._role_names

    @property
    def on_a_team(self):
        """Whether the user belongs to any team: the navigation asks twice a page (My
        applications, My awards), so the answer is kept for the request's user object. A
        membership made during a request shows from the next one (those views redirect)."""
        if not hasattr(self, "_on_a_team"):
            self._on_a_team = self.team_memberships.exists()
        return self._on_a_team

    def has_role(self, *roles):
        return any(str(role) in self.role_names() for role in roles)

    @property
    def is_officer(self):
        return self.has_role(Role.PROGRAMME_OFFICER)

    @property
    def is_finance(self):
        return self.has_role(Role.FINANCE_OFFICER)

    @property
    def is_auditor(self):
        return self.has_role(Role.AUDITOR)

    @property
    def is_staff_reader(self):
        """Officers, finance officers and auditors read programme-wide data."""
        return self.has_role(Role.PROGRAMME_OFFICER, Role.FINANCE_OFFICER, Role.AUDITOR)
