"""What still stops a panel's decision from being recorded: read by the decision page (so it
can say what is missing) and enforced by services.record_decision."""

from django.utils.translation import gettext as _

from reviews.enums import EDITABLE, PanelPurpose, ReviewStatus
from reviews.models import Decision, GateComponent, Review


def gate_weight_errors(weights):
    """Messages about a stage gate's component weights: they must sum to 100."""
    weights = [w or 0 for w in weights]
    if sum(weights) != 100:
        return [
            _("The weights of the stage gate's components must sum to 100 (now %(sum)s).")
            % {"sum": sum(weights)}
        ]
    return []


def open_reviews(panel):
    """Active reviews not submitted yet, in the order the decision page lists them."""
    return list(
        Review.objects.filter(panel=panel, status__in=EDITABLE)
        .select_related("application", "reviewer")
        .order_by("application__reference", "reviewer__username", "id")
    )


def decision_blockers(panel, ranking):
    """Every reason the panel's decision cannot be recorded yet, as messages (empty: ready)."""
    problems = []
    for review in open_reviews(panel):
        problems.append(
            _("%(reference)s: the review by %(reviewer)s is not submitted (%(status)s).")
            % {
                "reference": review.application.reference,
                "reviewer": review.reviewer.display_name,
                "status": ReviewStatus(review.status).label,
            }
        )
    for row in ranking.rows:
        if row.knockout_pending:
            problems.append(
                _(
                    "%(reference)s: a reviewer marked a knock-out criterion as failed; the chair "
                    "must confirm or reject it."
                )
                % {"reference": row.reference}
            )
    if panel.purpose == PanelPurpose.STAGE_GATE:
        weights = GateComponent.objects.filter(stage_id=panel.stage_id).values_list(
            "weight", flat=True
        )
        weights = list(weights)
        if weights:  # without components the gate is scored by this panel alone
            problems += gate_weight_errors(weights)
        other = (
            Decision.objects.current()
            .filter(gate_stage_id=panel.stage_id)
            .exclude(panel=panel)
            .select_related("panel")
            .first()
        )
        if other is not None:
            problems.append(
                _("This stage's gate decision was already recorded by %(panel)s.")
                % {"panel": other.panel.name}
            )
    return problems
