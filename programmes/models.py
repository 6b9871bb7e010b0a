from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.enums import OrganisationType
from programmes.choices import ChoiceLabels
from programmes.enums import Agency, ApplicantKind, DocumentKind, StageKind


class Bilingual:
    """`name` and `title` in the reader's language, falling back to Korean."""

    def _pick(self, field):
        english = getattr(self, f"{field}_en", "")
        if get_language() == "en" and english:
            return english
        return getattr(self, f"{field}_ko")


class Programme(ChoiceLabels, Bilingual, models.Model):
    code = models.SlugField(_("code"), max_length=20, unique=True)
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    agency = models.CharField(_("managing agency"), max_length=10, choices=Agency)
    description_ko = models.TextField(_("description (Korean)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self):
        return self.name

    @property
    def name(self):
        return self._pick("name")

    @property
    def description(self):
        return self._pick("description")

    def get_absolute_url(self):
        return reverse("programme-detail", args=[self.code])


class ProgrammeBudget(models.Model):
    """The appropriation of a programme for one fiscal year (= calendar year), in won."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="budgets")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    amount = models.BigIntegerField(_("amount (KRW)"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "fiscal_year"]
        verbose_name = _("programme budget")
        verbose_name_plural = _("programme budgets")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "fiscal_year"], name="programme_budget_one_per_year"
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="programme_budget_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=2000, fiscal_year__lte=2100),
                name="programme_budget_year_plausible",
            ),
        ]

    def __str__(self):
        return f"{self.programme.code} {self.fiscal_year}"


class CallQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def visible_to(self, user):
        """Published calls are public notices; drafts are for ministry staff only."""
        if getattr(user, "is_authenticated", False) and user.is_staff_reader:
            return self
        return self.published()

    def open_at(self, moment):
        return self.published().filter(opens_at__lte=moment, closes_at__gte=moment)


class Call(ChoiceLabels, Bilingual, models.Model):
    """A call for proposals (공고): its window, its rules and its ordered stages."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="calls")
    notice_number = models.CharField(
        _("notice number"),
        max_length=100,
        unique=True,
        help_text=_("For example 과학기술정보통신부 공고 제2025-0071호."),
    )
    reference_prefix = models.CharField(
        _("reference prefix"),
        max_length=10,
        help_text=_("Application reference numbers start with it, e.g. WBL → WBL-2025-0007."),
    )
    title_ko = models.CharField(_("title (Korean)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    description_ko = models.TextField(_("description (Korean)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    quota = models.PositiveSmallIntegerField(_("selection quota"))
    max_duration_months = models.PositiveSmallIntegerField(_("maximum duration (months)"))
    cap_per_year = models.BigIntegerField(
        _("government funding cap per year (KRW)"), null=True, blank=True
    )
    cap_total = models.BigIntegerField(
        _("government funding cap in total (KRW)"), null=True, blank=True
    )
    applicant_kind = models.CharField(_("applicant kind"), max_length=20, choices=ApplicantKind)
    requires_university = models.BooleanField(_("a university must take part"), default=False)
    allowed_lead_types = models.JSONField(
        _("organisation types allowed to lead"),
        default=list,
        blank=True,
        help_text=_("Empty means any type may lead."),
    )
    required_documents = models.JSONField(_("required documents"), default=list, blank=True)
    department_conflict_rule = models.BooleanField(
        _("conflicts by department only"),
        default=False,
        help_text=_(
            "The 2024 rule: an evaluator is excluded for the same department as a team member, "
            "not for the whole institution."
        ),
    )
    allows_several_applications = models.BooleanField(
        _("a team may submit more than one application"),
        default=False,
        help_text=_(
            "Off: one application per applicant team (same manager or same lead institution)."
        ),
    )
    objection_days = models.PositiveSmallIntegerField(
        _("objection period (days)"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_("Days after results are published during which applicants may object."),
    )
    is_published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CallQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opens_at", "id"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="call_closes_after_opening"
            ),
            models.CheckConstraint(condition=Q(quota__gte=1), name="call_quota_positive"),
            models.CheckConstraint(
                condition=Q(objection_days__gte=1, objection_days__lte=90),
                name="call_objection_days_1_to_90",
            ),
            models.CheckConstraint(
                condition=Q(max_duration_months__gte=1), name="call_duration_positive"
            ),
            models.CheckConstraint(
                condition=Q(cap_per_year__isnull=True) | Q(cap_per_year__gte=0),
                name="call_cap_per_year_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(cap_total__isnull=True) | Q(cap_total__gte=0),
                name="call_cap_total_not_negative",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def title(self):
        return self._pick("title")

    @property
    def description(self):
        return self._pick("description")

    def get_absolute_url(self):
        return reverse("call-detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("The call must close after it opens.")
        if (
            self.cap_per_year is not None
            and self.cap_total is not None
            and self.cap_total < self.cap_per_year
        ):
            errors["cap_total"] = _("The total cap cannot be below the yearly cap.")
        unknown = set(self.allowed_lead_types or []) - set(OrganisationType.values)
        if unknown:
            errors["allowed_lead_types"] = _("Unknown organisation types: %(types)s") % {
                "types": ", ".join(sorted(unknown))
            }
        unknown = set(self.required_documents or []) - set(DocumentKind.values)
        if unknown:
            errors["required_documents"] = _("Unknown document kinds: %(kinds)s") % {
                "kinds": ", ".join(sorted(unknown))
            }
        if errors:
            raise ValidationError(errors)

    def is_open(self, moment=None):
        moment = moment or timezone.now()
        return self.is_published and self.opens_at <= moment <= self.closes_at

    @property
    def phase(self):
        """upcoming, open or closed, in server time."""
        now = timezone.now()
        if now < self.opens_at:
            return "upcoming"
        if now <= self.closes_at:
            return "open"
        return "closed"

    def lead_type_allowed(self, organisation_type):
        return not self.allowed_lead_types or organisation_type in self.allowed_lead_types

    def get_allowed_lead_types_display(self):
        labels = dict(OrganisationType.choices)
        return [labels.get(value, value) for value in self.allowed_lead_types]

    def get_required_documents_display(self):
        labels = dict(DocumentKind.choices)
        return [labels.get(value, value) for value in self.required_documents]


class InstitutionShareRule(ChoiceLabels, models.Model):
    """Matching rule by organisation type: the government may pay at most a share of an
    organisation's budget, and a minimum part of the organisation's own share is cash."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="share_rules")
    organisation_type = models.CharField(
        _("organisation type"), max_length=20, choices=OrganisationType
    )
    max_government_percent = models.PositiveSmallIntegerField(_("maximum government share (%)"))
    min_cash_percent = models.PositiveSmallIntegerField(
        _("minimum cash part of the institution's share (%)"), default=0
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["call", "organisation_type"]
        verbose_name = _("institution share rule")
        verbose_name_plural = _("institution share rules")
        constraints = [
            models.UniqueConstraint(
                fields=["call", "organisation_type"], name="share_rule_one_per_type"
            ),
            models.CheckConstraint(
                condition=Q(max_government_percent__lte=100), name="share_rule_government_le_100"
            ),
            models.CheckConstraint(
                condition=Q(min_cash_percent__lte=100), name="share_rule_cash_le_100"
            ),
        ]

    def __str__(self):
        return f"{self.get_organisation_type_display()}: ≤{self.max_government_percent}%"


class Stage(ChoiceLabels, Bilingual, models.Model):
    """One step of a call's evaluation, in order (screening → document → presentation → …)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="stages")
    order = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=20, choices=StageKind)
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["call", "order"]
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        constraints = [
            models.UniqueConstraint(fields=["call", "order"], name="stage_order_unique_per_call"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="stage_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.order}. {self.name}"

    @property
    def name(self):
        return self._pick("name")
