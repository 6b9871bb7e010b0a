import secrets
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Department, Organisation
from applications.models import Application
from programmes.choices import ChoiceLabels
from programmes.models import Bilingual, Stage
from reviews.enums import (
    ACTIVE,
    AggregationMethod,
    ConflictReason,
    DecisionRule,
    KnockoutRule,
    Outcome,
    PanelPurpose,
    PanelRole,
    ReviewStatus,
)

MAX_SCALE = 10


class PanelQuerySet(models.QuerySet):
    def for_member(self, user):
        return self.filter(members__user=user)

    def chaired_by(self, user):
        return self.filter(members__user=user, members__role=PanelRole.CHAIR)


class Panel(ChoiceLabels, Bilingual, models.Model):
    """An evaluation committee for one stage of a call, with its rubric and its rules."""

    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="panels")
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    purpose = models.CharField(
        _("purpose"), max_length=20, choices=PanelPurpose, default=PanelPurpose.SHORTLIST
    )
    scale_max = models.PositiveSmallIntegerField(
        _("highest level of the scale"), default=5, help_text=_("Levels run from 1 to this.")
    )
    aggregation = models.CharField(
        _("aggregation method"),
        max_length=20,
        choices=AggregationMethod,
        default=AggregationMethod.TRIMMED_MEAN,
    )
    trim_min_reviews = models.PositiveSmallIntegerField(
        _("reviews needed to drop the highest and lowest"), default=5
    )
    disagreement_share = models.DecimalField(
        _("disagreement threshold (share of full marks)"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.20"),
    )
    reviews_per_application = models.PositiveSmallIntegerField(
        _("reviewers per application"), default=3
    )
    max_per_reviewer = models.PositiveSmallIntegerField(
        _("most applications per reviewer"), null=True, blank=True
    )
    cutline = models.PositiveSmallIntegerField(
        _("number to advance"),
        null=True,
        blank=True,
        help_text=_("Where the cutline falls on the ranking; empty means the call's quota."),
    )
    opens_at = models.DateTimeField(_("scoring opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("scoring closes at"), null=True, blank=True)
    show_peer_scores = models.BooleanField(
        _("reviewers see each other's scores after submitting"), default=False
    )
    hide_applicant_identity = models.BooleanField(
        _("hide applicant identities from reviewers"), default=False
    )
    knockout_rule = models.CharField(
        _("knock-out decided by"),
        max_length=10,
        choices=KnockoutRule,
        default=KnockoutRule.MAJORITY,
        help_text=_("A single reviewer's fail never knocks an application out."),
    )
    results_published_at = models.DateTimeField(_("results published at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PanelQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["stage__call", "stage__order", "id"]
        verbose_name = _("panel")
        verbose_name_plural = _("panels")
        constraints = [
            models.CheckConstraint(
                condition=Q(scale_max__gte=2, scale_max__lte=MAX_SCALE),
                name="panel_scale_2_to_10",
            ),
            models.CheckConstraint(
                condition=Q(reviews_per_application__gte=1), name="panel_k_positive"
            ),
            models.CheckConstraint(
                condition=Q(disagreement_share__gt=0, disagreement_share__lte=1),
                name="panel_disagreement_share_in_0_1",
            ),
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True)
                | Q(opens_at__isnull=True)
                | Q(closes_at__gt=F("opens_at")),
                name="panel_window_ordered",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return self._pick("name")

    @property
    def call(self):
        return self.stage.call

    def get_absolute_url(self):
        return reverse("reviews:panel-detail", args=[self.pk])

    @property
    def advance_count(self):
        return self.cutline or self.stage.call.quota

    def is_open(self, moment=None):
        moment = moment or timezone.now()
        return (self.opens_at is None or self.opens_at <= moment) and (
            self.closes_at is None or moment <= self.closes_at
        )


class PanelMember(ChoiceLabels, models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="panel_memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=PanelRole, default=PanelRole.MEMBER)
    pledge_signed_at = models.DateTimeField(_("pledge signed at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["panel", "-role", "id"]
        verbose_name = _("panel member")
        verbose_name_plural = _("panel members")
        constraints = [
            models.UniqueConstraint(fields=["panel", "user"], name="panel_member_once"),
            models.UniqueConstraint(
                fields=["panel"], condition=Q(role="chair"), name="panel_one_chair"
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.panel}"

    @property
    def is_chair(self):
        return self.role == PanelRole.CHAIR


def _token():
    return secrets.token_urlsafe(32)


class Invitation(ChoiceLabels, models.Model):
    """An e-mailed link that creates or attaches a reviewer account and joins the panel."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail"))
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    department = models.ForeignKey(
        Department, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    expertise = models.CharField(_("expertise keywords"), max_length=300, blank=True)
    role = models.CharField(_("role"), max_length=10, choices=PanelRole, default=PanelRole.MEMBER)
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return self.email


class Criterion(Bilingual, models.Model):
    """One line of the rubric. Knock-out criteria are pass/fail and carry no weight."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField(_("order"))
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    guidance = models.TextField(_("guidance"), blank=True)
    weight = models.PositiveSmallIntegerField(_("weight (points)"), default=0)
    is_knockout = models.BooleanField(_("pass/fail knock-out"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["panel", "order"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(fields=["panel", "order"], name="criterion_order_unique"),
            models.CheckConstraint(
                condition=Q(is_knockout=True, weight=0)
                | Q(is_knockout=False, weight__gte=1, weight__lte=100),
                name="criterion_weight_1_100_or_knockout",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return self._pick("name")


class ScaleLevel(Bilingual, models.Model):
    """The descriptor of one level of a panel's scale (e.g. 5 = 탁월 Excellent)."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="levels")
    value = models.PositiveSmallIntegerField(_("level"))
    name_ko = models.CharField(_("descriptor (Korean)"), max_length=100)
    name_en = models.CharField(_("descriptor (English)"), max_length=100, blank=True)

    class Meta:
        ordering = ["panel", "-value"]
        verbose_name = _("scale level")
        verbose_name_plural = _("scale levels")
        constraints = [
            models.UniqueConstraint(fields=["panel", "value"], name="scale_level_unique"),
            models.CheckConstraint(
                condition=Q(value__gte=1, value__lte=MAX_SCALE), name="scale_level_in_range"
            ),
        ]

    def __str__(self):
        return f"{self.value} {self.name}"

    @property
    def name(self):
        return self._pick("name")


class ConflictDeclaration(models.Model):
    """A conflict the reviewer declared (detected conflicts are computed: reviews.conflicts)."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="declarations")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="conflict_declarations"
    )
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(_("reason"))
    declared_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-declared_at"]
        verbose_name = _("conflict declaration")
        verbose_name_plural = _("conflict declarations")
        constraints = [
            models.UniqueConstraint(
                fields=["panel", "reviewer", "application"], name="declaration_once"
            )
        ]


class ReviewQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE)

    def submitted(self):
        return self.filter(status=ReviewStatus.SUBMITTED)


class Review(ChoiceLabels, models.Model):
    """One reviewer's evaluation of one application in one panel."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="reviews")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReviewStatus, default=ReviewStatus.ASSIGNED
    )
    # Optimistic lock: every save of scores increments it; a stale tab is refused (409).
    version = models.PositiveIntegerField(default=1)
    recommend = models.BooleanField(_("recommend"), null=True, blank=True)
    comment = models.TextField(_("comment to the panel"), blank=True)
    summary_for_applicant = models.TextField(_("summary opinion for the applicant"), blank=True)
    total = models.DecimalField(
        _("total score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    last_reminded_at = models.DateTimeField(null=True, blank=True)

    objects = ReviewQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["panel", "application", "id"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["panel", "application", "reviewer"], name="review_once_per_pair"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ReviewStatus.values), name="review_status_known"
            ),
            models.CheckConstraint(
                condition=Q(total__isnull=True) | Q(total__gte=0, total__lte=100),
                name="review_total_0_100",
            ),
        ]
        indexes = [models.Index(fields=["panel", "status"])]

    def __str__(self):
        return f"{self.application} · {self.reviewer}"

    def get_absolute_url(self):
        return reverse("reviews:review-score", args=[self.pk])

    @property
    def is_editable(self):
        from reviews.enums import EDITABLE

        return self.status in EDITABLE


class Recusal(models.Model):
    """Why a review left the panel's aggregate: a conflict of interest found after assignment
    (the team changed, or the check before a decision found it)."""

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="recusal")
    reasons = models.CharField(_("conflict reasons"), max_length=200)
    found_at = models.DateTimeField(_("found at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-found_at"]
        verbose_name = _("recusal")
        verbose_name_plural = _("recusals")

    def __str__(self):
        return f"{self.review} · {self.reasons}"

    @property
    def reason_labels(self):
        return [str(ConflictReason(r).label) for r in self.reasons.split(",") if r]


class KnockoutConfirmation(models.Model):
    """The chair's recorded judgment on an application's knock-out criteria, for panels whose
    knock-out rule is the chair's confirmation. Reviewers' fails only inform it."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="knockout_judgments")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="+")
    failed = models.BooleanField(_("failed the knock-out"))
    reason = models.TextField(_("reason"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["panel", "application"]
        verbose_name = _("knock-out confirmation")
        verbose_name_plural = _("knock-out confirmations")
        constraints = [
            models.UniqueConstraint(
                fields=["panel", "application"], name="knockout_confirmation_once"
            )
        ]


class Score(models.Model):
    """A level on one criterion, or pass/fail on a knock-out criterion."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    level = models.PositiveSmallIntegerField(_("level"), null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["review", "criterion__order"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="score_once"),
            models.CheckConstraint(
                condition=Q(level__isnull=True) | Q(level__gte=1, level__lte=MAX_SCALE),
                name="score_level_within_scale",
            ),
        ]


class GateComponent(Bilingual, models.Model):
    """A weighted part of a stage gate's result: officer-entered figures or a panel's score."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="gate_components")
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    weight = models.PositiveSmallIntegerField(_("weight (points)"))
    panel = models.ForeignKey(
        Panel, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["stage", "id"]
        verbose_name = _("stage gate component")
        verbose_name_plural = _("stage gate components")
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=100), name="gate_component_weight_1_100"
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.weight})"

    @property
    def name(self):
        return self._pick("name")


class ComponentResult(models.Model):
    """An officer-entered result (0–100) of an application on a non-panel gate component."""

    component = models.ForeignKey(GateComponent, on_delete=models.CASCADE, related_name="results")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+")
    value = models.DecimalField(_("result (0–100)"), max_digits=5, decimal_places=2)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("component result")
        verbose_name_plural = _("component results")
        constraints = [
            models.UniqueConstraint(
                fields=["component", "application"], name="component_result_once"
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0, value__lte=100), name="component_result_0_100"
            ),
        ]


class DecisionRevocation(models.Model):
    """An officer's revocation of a panel's recorded decision, with the reason. The revoked
    Decision rows stay (pointing here); only then may reviews reopen and a new decision be
    recorded."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="revocations")
    reason = models.TextField(_("reason"))
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["panel", "-revoked_at"]
        verbose_name = _("decision revocation")
        verbose_name_plural = _("decision revocations")


class DecisionQuerySet(models.QuerySet):
    def current(self):
        """Decisions in force: not revoked."""
        return self.filter(revocation__isnull=True)


GATE_OUTCOMES = [Outcome.CONTINUE.value, Outcome.TERMINATE.value]


class Decision(ChoiceLabels, models.Model):
    """The recorded outcome of a panel for one application, confirmed by an officer."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="decisions")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome)
    rule = models.CharField(_("decision rule"), max_length=20, choices=DecisionRule)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True)
    rank = models.PositiveIntegerField(_("rank"), null=True)
    rationale = models.TextField(_("rationale"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)
    # Set on stage-gate decisions only, so that the database keeps one gate decision per stage
    # and application: two panels of one stage cannot record contradictory outcomes.
    gate_stage = models.ForeignKey(
        Stage, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revocation = models.ForeignKey(
        DecisionRevocation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )

    objects = DecisionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["panel", "rank", "id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["panel", "application"],
                condition=Q(revocation__isnull=True),
                name="decision_once_while_current",
            ),
            models.UniqueConstraint(
                fields=["gate_stage", "application"],
                condition=Q(revocation__isnull=True),
                name="gate_decision_once_per_stage",
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=[o.value for o in Outcome]), name="decision_outcome_known"
            ),
            models.CheckConstraint(
                condition=Q(gate_stage__isnull=True) & ~Q(outcome__in=GATE_OUTCOMES)
                | Q(gate_stage__isnull=False, outcome__in=GATE_OUTCOMES),
                name="decision_gate_stage_iff_gate_outcome",
            ),
        ]

    @property
    def outcome_label(self):
        """In the words of the panel's purpose: a document review passes an application to the
        next stage (통과), only a final selection selects it (선정)."""
        labels = {
            PanelPurpose.SHORTLIST: {
                Outcome.ADVANCE: _("Passed to the next stage"),
                Outcome.REJECT: _("Not passed"),
            },
            PanelPurpose.SELECT: {
                Outcome.ADVANCE: _("Selected"),
                Outcome.REJECT: _("Not selected"),
            },
        }.get(self.panel.purpose, {})
        return labels.get(self.outcome, self.get_outcome_display())


class RankingSnapshot(models.Model):
    """A panel's ranking and its leave-one-reviewer-out stability, stored as last computed.

    `signature` digests everything the ranking is computed from (see reviews.ranking_store),
    so a snapshot whose signature no longer matches is simply recomputed: nothing has to
    invalidate it. `variant` is empty for the full ranking, else a digest of the application
    ids hidden from a conflicted viewer (their ranking, cutline and stability leave those out).
    """

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="+")
    variant = models.CharField(max_length=64, blank=True)
    signature = models.CharField(max_length=64)
    data = models.JSONField()  # cutline, reviewers, unstable reviewers
    rows = models.TextField()  # one JSON array a row, so that a page decodes only its rows
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("stored ranking")
        verbose_name_plural = _("stored rankings")
        constraints = [
            models.UniqueConstraint(fields=["panel", "variant"], name="ranking_snapshot_once")
        ]


class StageGate(Stage):
    """A stage seen as a gate: its weighted components, edited together so that they can be
    checked to sum to 100 (admin)."""

    class Meta:
        proxy = True
        verbose_name = _("stage gate weights")
        verbose_name_plural = _("stage gate weights")


# Registered with the app through this module; defined beside it to keep both readable.
from reviews.objection_models import Objection, ObjectionAttachment  # noqa: E402, F401
