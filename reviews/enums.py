from django.db import models
from django.utils.translation import gettext_lazy as _


class PanelRole(models.TextChoices):
    MEMBER = "member", _("Member")
    CHAIR = "chair", _("Chair")


class PanelPurpose(models.TextChoices):
    """What a positive decision of the panel does to an application or award."""

    SHORTLIST = "shortlist", _("Shortlist for the next stage")
    SELECT = "select", _("Final selection (within the quota)")
    STAGE_GATE = "stage_gate", _("Stage gate (continue or terminate)")


class AggregationMethod(models.TextChoices):
    MEAN = "mean", _("Mean")
    TRIMMED_MEAN = "trimmed_mean", _("Mean excluding the highest and the lowest")
    MEDIAN = "median", _("Median")


class ReviewStatus(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
    REOPENED = "reopened", _("Reopened")
    RECUSED = "recused", _("Recused")


S = ReviewStatus
# The allowed next states. `services.set_review_status` is the only place that moves a review.
REVIEW_TRANSITIONS = {
    S.ASSIGNED: {S.IN_PROGRESS, S.SUBMITTED, S.RECUSED},
    S.IN_PROGRESS: {S.SUBMITTED, S.RECUSED},
    # A conflict found after assignment recuses a review whatever its state (services.recuse_…).
    S.SUBMITTED: {S.REOPENED, S.RECUSED},
    S.REOPENED: {S.SUBMITTED, S.RECUSED},
    S.RECUSED: set(),
}
# States in which the reviewer may still change scores.
EDITABLE = frozenset({S.ASSIGNED, S.IN_PROGRESS, S.REOPENED})
# States that count towards a reviewer's load and an application's k.
ACTIVE = frozenset({S.ASSIGNED, S.IN_PROGRESS, S.SUBMITTED, S.REOPENED})
del S


class ConflictReason(models.TextChoices):
    DECLARED = "declared", _("Declared by the reviewer")
    ORGANISATION = "organisation", _("Same organisation as the team")
    DEPARTMENT = "department", _("Same department as the team")
    EMAIL_DOMAIN = "email_domain", _("Same e-mail domain as the team")
    TEAM_MEMBER = "team_member", _("Member of the team")


class DecisionRule(models.TextChoices):
    TOP_K = "top_k", _("Advance the top K")
    THRESHOLD = "threshold", _("Advance all at or above a threshold")
    MAJORITY = "majority", _("Advance those a majority of the evaluators recommend")
    NONE = "none", _("Select none")
    # The only rule of a stage gate: the plan's N by combined score; a knock-out failure among
    # them is terminated and its place is not handed to the next team (2026-01-15: 5 → 3).
    GATE_PLAN = (
        "gate_plan",
        _("Continue the planned number; a knock-out failure's place stays empty"),
    )


GATE_RULES = frozenset({DecisionRule.GATE_PLAN})


class KnockoutRule(models.TextChoices):
    """Who decides that an application failed a knock-out criterion: never one reviewer."""

    MAJORITY = "majority", _("A majority of the application's evaluators (at least two)")
    CHAIR = "chair", _("The chair's recorded confirmation")


class Outcome(models.TextChoices):
    ADVANCE = "advance", _("Advance")
    REJECT = "reject", _("Do not advance")
    CONTINUE = "continue", _("Continue")
    TERMINATE = "terminate", _("Terminate")


class ObjectionStatus(models.TextChoices):
    FILED = "filed", _("Filed")
    UPHELD = "upheld", _("Upheld")
    DISMISSED = "dismissed", _("Dismissed")


# The allowed next states. `objections.set_objection_status` is the only place that moves one.
OBJECTION_TRANSITIONS = {
    ObjectionStatus.FILED: {ObjectionStatus.UPHELD, ObjectionStatus.DISMISSED},
    ObjectionStatus.UPHELD: set(),
    ObjectionStatus.DISMISSED: set(),
}
