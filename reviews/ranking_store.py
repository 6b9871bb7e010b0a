"""The stored ranking: computed once per change of what feeds it, read by every page.

The ranking and its leave-one-reviewer-out stability take seconds at a few thousand rows, so
the pages (HTML, API, CSV, XLSX) read a RankingSnapshot instead. A snapshot is keyed by a
signature read in one aggregate query over everything the ranking is computed from: the
panel's reviews (and, for a stage gate, those of the panels its components take scores from),
their applications, the rubric, the gate's components and entered results, the declared
conflicts, and the panel's own rules. Any write that can change the ranking moves the signature
(a review's `version` goes up on every save and status change, recusals and reopenings
included), so no service has to remember to invalidate anything.

Decisions do not read from here: record_decision computes the ranking afresh under its locks.
"""

import datetime
import hashlib
from decimal import Decimal

from django.db.models import (
    Case,
    DateTimeField,
    DecimalField,
    F,
    Func,
    IntegerField,
    Q,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from applications.models import Application
from reviews import aggregation, queries
from reviews.enums import ACTIVE, ReviewStatus
from reviews.models import (
    ComponentResult,
    ConflictDeclaration,
    Criterion,
    GateComponent,
    Panel,
    RankingSnapshot,
    Review,
)

# Bump when the computation or the stored format changes: every old snapshot then misses.
FORMAT = 1


def _sql(function, expression, output_field):
    """An aggregate written as a plain function, so that Django adds no GROUP BY."""
    return Func(expression, function=function, output_field=output_field)


def _scalar(queryset, **aggregates):
    """One row of aggregates over `queryset`, as scalar subqueries of the signature query."""
    queryset = queryset.order_by()
    return {
        f"n_{name}": Subquery(queryset.values(figure=expression)[:1])
        for name, expression in aggregates.items()
    }


def _count():
    return _sql("COUNT", F("pk"), IntegerField())


def _sum(expression):
    return _sql("SUM", expression, DecimalField(max_digits=30, decimal_places=2))


def _max(field, output_field):
    return _sql("MAX", F(field), output_field)


def _when(condition):
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def signature(panel):
    """A digest of everything the panel's ranking is computed from, read in one query."""
    gate_panels = GateComponent.objects.filter(stage_id=panel.stage_id, panel__isnull=False).values(
        "panel_id"
    )
    reviews = Review.objects.filter(Q(panel_id=panel.pk) | Q(panel_id__in=gate_panels))
    components = GateComponent.objects.filter(stage_id=panel.stage_id)
    row = (
        Panel.objects.filter(pk=panel.pk)
        .annotate(
            **_scalar(
                reviews,
                reviews=_count(),
                last_review=_max("pk", IntegerField()),
                versions=_sum(F("version")),
                totals=_sum(F("total")),
                weighted_totals=_sum(F("total") * F("pk")),
                submitted=_sum(_when(Q(status=ReviewStatus.SUBMITTED))),
                active=_sum(_when(Q(status__in=ACTIVE))),
                recommending=_sum(_when(Q(recommend=True)) * F("pk")),
                last_submitted=_max("submitted_at", DateTimeField()),
            ),
            **_scalar(
                Application.objects.filter(pk__in=reviews.values("application_id")),
                applications_updated=_max("updated_at", DateTimeField()),
            ),
            **_scalar(
                Criterion.objects.filter(panel_id=panel.pk),
                criteria=_count(),
                weights=_sum(F("weight") * F("pk")),
                knockouts=_sum(_when(Q(is_knockout=True)) * F("pk")),
            ),
            **_scalar(
                components,
                components=_count(),
                component_weights=_sum(F("weight") * F("pk")),
                component_panels=_sum(F("panel_id")),
            ),
            **_scalar(
                ComponentResult.objects.filter(component__in=components.values("pk")),
                results=_count(),
                result_values=_sum(F("value") * F("pk")),
            ),
            **_scalar(
                ConflictDeclaration.objects.filter(panel__stage__call_id=panel.stage.call_id),
                declarations=_count(),
                last_declaration=_max("pk", IntegerField()),
            ),
        )
        .values_list(
            "purpose",
            "aggregation",
            "trim_min_reviews",
            "disagreement_share",
            "cutline",
            "stage__call__quota",
            "n_reviews",
            "n_last_review",
            "n_versions",
            "n_totals",
            "n_weighted_totals",
            "n_submitted",
            "n_active",
            "n_recommending",
            "n_last_submitted",
            "n_applications_updated",
            "n_criteria",
            "n_weights",
            "n_knockouts",
            "n_components",
            "n_component_weights",
            "n_component_panels",
            "n_results",
            "n_result_values",
            "n_declarations",
            "n_last_declaration",
        )  # fmt: skip
        .get()
    )
    return hashlib.sha256(repr((FORMAT, row)).encode()).hexdigest()


def _variant(hidden):
    if not hidden:
        return ""
    return hashlib.sha256(",".join(map(str, sorted(hidden))).encode()).hexdigest()


def _hidden(panel, viewer):
    """The rows `viewer` may not see; staff see all without loading any application."""
    if viewer is None or viewer.is_staff_reader:
        return set()
    applications = (
        Application.objects.filter(reviews__panel=panel).distinct().only("id", "team_id", "call_id")
    )
    return queries.hidden_from(viewer, list(applications))


def stored_ranking(panel, *, viewer=None):
    """The panel's ranking as `viewer` may see it, from its snapshot when still current.

    Queries: two on a hit (signature, snapshot); a miss computes the ranking and stores it.
    """
    hidden = _hidden(panel, viewer)
    variant = _variant(hidden)
    key = signature(panel)
    data = (
        RankingSnapshot.objects.filter(panel=panel, variant=variant, signature=key)
        .values_list("data", flat=True)
        .first()
    )
    if data is not None:
        return load(panel, data)
    result = queries.ranking(panel, hidden=hidden)
    # Upsert: two requests that miss together both store the same ranking, neither fails.
    RankingSnapshot.objects.bulk_create(
        [
            RankingSnapshot(
                panel=panel, variant=variant, signature=key, data=dump(result),
                computed_at=timezone.now(),
            )
        ],
        update_conflicts=True,
        unique_fields=["panel", "variant"],
        update_fields=["signature", "data", "computed_at"],
    )  # fmt: skip
    return result


# The stored form: plain JSON, decimals as strings, times in ISO 8601 ----------------------

AGGREGATE_FIGURES = ("mean", "trimmed_mean", "median", "sd", "low", "high", "score")


def _dec(value):
    return None if value is None else str(value)


def _undec(value):
    return None if value is None else Decimal(value)


def dump(result):
    """The JSON of a queries.Ranking (its panel aside)."""
    return {
        "cutline": result.cutline,
        "reviewers": [list(r) for r in result.reviewers],
        "unstable_reviewers": [list(r) for r in result.unstable_reviewers],
        "rows": [_dump_row(row) for row in result.rows],
    }


def _dump_row(row):
    figures = row.aggregate
    return {
        "application_id": row.application_id,
        "reference": row.reference,
        "title": row.title,
        "team": row.team,
        "submitted_at": row.submitted_at.isoformat() if row.submitted_at else None,
        "status": row.status,
        "totals": [[reviewer, _dec(total)] for reviewer, total in row.totals.items()],
        "recommendations": row.recommendations,
        "votes": row.votes,
        "knocked_out": row.knocked_out,
        "figures": {name: _dec(getattr(figures, name)) for name in AGGREGATE_FIGURES},
        "all_totals": [_dec(t) for t in figures.totals],
        "disagreement": figures.disagreement,
        "components": [
            [getattr(component, "pk", component), _dec(value)]
            for component, value in row.components
        ],
        "rank": row.rank,
        "above_cutline": row.above_cutline,
    }


def load(panel, data):
    """A queries.Ranking from its JSON (components come back as (component id, value))."""
    return queries.Ranking(
        panel=panel,
        rows=[_load_row(row) for row in data["rows"]],
        reviewers=[tuple(r) for r in data["reviewers"]],
        cutline=data["cutline"],
        unstable_reviewers=[tuple(r) for r in data["unstable_reviewers"]],
    )


def _load_row(row):
    figures = {name: _undec(value) for name, value in row["figures"].items()}
    return queries.RankingRow(
        application_id=row["application_id"],
        reference=row["reference"],
        title=row["title"],
        team=row["team"],
        submitted_at=(
            datetime.datetime.fromisoformat(row["submitted_at"]) if row["submitted_at"] else None
        ),
        status=row["status"],
        totals={reviewer: _undec(total) for reviewer, total in row["totals"]},
        recommendations=row["recommendations"],
        votes=row["votes"],
        knocked_out=row["knocked_out"],
        aggregate=aggregation.Aggregate(
            totals=[_undec(t) for t in row["all_totals"]],
            disagreement=row["disagreement"],
            **figures,
        ),
        components=[(component, _undec(value)) for component, value in row["components"]],
        rank=row["rank"],
        above_cutline=row["above_cutline"],
    )
