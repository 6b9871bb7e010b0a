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
import json
from collections.abc import Sequence
from decimal import Decimal
from types import SimpleNamespace

from django.db import connection
from django.db.models.functions import Substr
from django.utils import timezone

from applications.models import Application
from programmes.models import Call, Stage
from reviews import aggregation, queries
from reviews.enums import ACTIVE, ReviewStatus
from reviews.models import (
    ComponentResult,
    ConflictDeclaration,
    Criterion,
    GateComponent,
    KnockoutConfirmation,
    Panel,
    RankingSnapshot,
    Review,
)

# Bump when the computation or the stored format changes: every old snapshot then misses.
FORMAT = 5


# One statement, one scan of each table: written as SQL because the ORM took longer to
# compile the equivalent expressions than the database took to run them (~20 ms against ~5 ms
# at 2,000 applications × 5 reviews). Plain SQL-92, the same on PostgreSQL and SQLite.
SIGNATURE_SQL = """
SELECT p.purpose, p.aggregation, p.trim_min_reviews, p.disagreement_share, p.cutline, c.quota,
       p.knockout_rule, rv.*, ap.*, cr.*, gc.*, res.*, dc.*, ko.*
FROM {panel} p
JOIN {stage} s ON s.id = p.stage_id
JOIN {call} c ON c.id = s.call_id,
(SELECT COUNT(*), MAX(r.id), SUM(r.version), SUM(r.total),
        SUM(CASE WHEN r.status = %(submitted)s THEN r.id ELSE 0 END),
        SUM(CASE WHEN r.status IN ({active}) THEN r.id ELSE 0 END),
        SUM(CASE WHEN r.recommend THEN r.id ELSE 0 END),
        MAX(r.submitted_at)
   FROM {review} r
  WHERE r.panel_id = %(panel)s OR r.panel_id IN
        (SELECT g.panel_id FROM {component} g WHERE g.stage_id = %(stage)s)) rv,
-- titles, teams and statuses shown in the rows: the latest change to any application of the
-- calls those reviews belong to (a superset of the ranked ones, read from the index on
-- call and updated_at rather than by joining every review to its application)
(SELECT MAX((SELECT MAX(a.updated_at) FROM {application} a WHERE a.call_id = s2.call_id))
   FROM {panel} p2 JOIN {stage} s2 ON s2.id = p2.stage_id
  WHERE p2.id = %(panel)s OR p2.id IN
        (SELECT g.panel_id FROM {component} g WHERE g.stage_id = %(stage)s)) ap,
(SELECT COUNT(*), SUM(k.weight * k.id), SUM(CASE WHEN k.is_knockout THEN k.id ELSE 0 END)
   FROM {criterion} k WHERE k.panel_id = %(panel)s) cr,
(SELECT COUNT(*), SUM(g.weight * g.id), SUM(g.panel_id)
   FROM {component} g WHERE g.stage_id = %(stage)s) gc,
(SELECT COUNT(*), SUM(x.value * x.id)
   FROM {result} x JOIN {component} g ON g.id = x.component_id WHERE g.stage_id = %(stage)s) res,
(SELECT COUNT(*), MAX(d.id)
   FROM {declaration} d JOIN {panel} dp ON dp.id = d.panel_id
   JOIN {stage} ds ON ds.id = dp.stage_id WHERE ds.call_id = %(call)s) dc,
-- the chair's knock-out judgments decide knock-outs under the chair rule
(SELECT COUNT(*), MAX(kc.confirmed_at), SUM(CASE WHEN kc.failed THEN kc.id ELSE 0 END)
   FROM {knockout} kc WHERE kc.panel_id = %(panel)s) ko
WHERE p.id = %(panel)s
"""


def _signature_sql():
    tables = {
        "panel": Panel, "stage": Stage, "call": Call, "review": Review,
        "application": Application, "component": GateComponent, "criterion": Criterion,
        "result": ComponentResult, "declaration": ConflictDeclaration,
        "knockout": KnockoutConfirmation,
    }  # fmt: skip
    return SIGNATURE_SQL.format(
        active=", ".join(f"%(active{i})s" for i in range(len(ACTIVE))),
        **{name: connection.ops.quote_name(model._meta.db_table) for name, model in tables.items()},
    )


def signature(panel):
    """A digest of everything the panel's ranking is computed from, read in one query."""
    with connection.cursor() as cursor:
        cursor.execute(
            _signature_sql(),
            {
                "panel": panel.pk, "stage": panel.stage_id, "call": panel.stage.call_id,
                "submitted": ReviewStatus.SUBMITTED.value,
                **{f"active{i}": s.value for i, s in enumerate(sorted(ACTIVE))},
            },
        )  # fmt: skip
        row = cursor.fetchone()
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

    Queries: two on a hit (signature, snapshot header), and one more when rows are read (only
    those asked for: see StoredRows); a miss computes the ranking and stores it.
    """
    hidden = _hidden(panel, viewer)
    variant = _variant(hidden)
    key = signature(panel)
    stored = (
        RankingSnapshot.objects.filter(panel=panel, variant=variant, signature=key)
        .values_list("pk", "data")
        .first()
    )
    if stored is not None:
        # Should the snapshot be recomputed between this read and the rows' (a score submitted
        # meanwhile), its text no longer fits these offsets: the rows are then computed afresh.
        rows = StoredRows(
            stored[1]["offsets"], snapshot_id=stored[0], signature=key,
            fallback=lambda: queries.ranking(panel, hidden=hidden, with_stability=False).rows,
        )  # fmt: skip
        return load(panel, stored[1], rows)
    result = queries.ranking(panel, hidden=hidden)
    result.knockout_rows = [row for row in result.rows if row.knockout_fails]
    header, rows = encode(result)
    # Upsert: two requests that miss together both store the same ranking, neither fails.
    RankingSnapshot.objects.bulk_create(
        [
            RankingSnapshot(
                panel=panel, variant=variant, signature=key, data=header, rows=rows,
                computed_at=timezone.now(),
            )
        ],
        update_conflicts=True,
        unique_fields=["panel", "variant"],
        update_fields=["signature", "data", "rows", "computed_at"],
    )  # fmt: skip
    return result


# The stored form: plain JSON, decimals as strings, times in ISO 8601 ----------------------
# The rows are kept as text, one JSON array a line, so that a page decodes only its own rows.

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


ROW_KEYS = (
    "application_id", "reference", "title", "team", "submitted_at", "status", "totals",
    "recommendations", "votes", "evaluators", "knockout_fails", "knockout_pending",
    "knocked_out", "figures", "all_totals", "disagreement",
    "components", "rank", "above_cutline",
)  # fmt: skip


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
        "evaluators": row.evaluators,
        "knockout_fails": row.knockout_fails,
        "knockout_pending": row.knockout_pending,
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


KNOCKOUT_KEYS = (
    "application_id", "reference", "title", "knockout_fails", "evaluators", "knockout_pending",
    "knocked_out",
)  # fmt: skip

AGGREGATE_KEYS = ("mean", "trimmed_mean", "median")


def distinct_aggregates(rows):
    """The aggregates worth a column of the ranking: one that equals the score (the panel's own
    method) or an earlier column in every row would only repeat it (e.g. no trimming below N
    reviews). Stored with the snapshot, so that a page of the ranking decodes only its rows."""
    shown = []
    for key in AGGREGATE_KEYS:
        values = [getattr(r.aggregate, key) for r in rows]
        repeats = [[r.score for r in rows]] + [
            [getattr(r.aggregate, k) for r in rows] for k in shown
        ]
        if values and values not in repeats:
            shown.append(key)
    return shown


def encode(result):
    """(header JSON, rows text) of a queries.Ranking for a RankingSnapshot."""
    data = dump(result)
    rows = data.pop("rows")
    data["aggregate_columns"] = result.aggregate_columns = distinct_aggregates(result.rows)
    # The rows awaiting the chair's knock-out judgment, wherever they rank: the chair's page
    # lists them all, and must not decode every row to find them.
    data["knockout_rows"] = [
        {key: getattr(row, key) for key in KNOCKOUT_KEYS}
        for row in result.rows
        if row.knockout_fails
    ]
    lines = [
        json.dumps([row[key] for key in ROW_KEYS], ensure_ascii=False, separators=(",", ":"))
        for row in rows
    ]
    # Where each line starts in the text (characters, as SQL's substring counts), and where the
    # last ends: a page of rows is read with one substring, not the whole text (1.8 MB at 5,000).
    data["offsets"], start = [], 0
    for line in lines:
        data["offsets"].append(start)
        start += len(line) + 1
    data["offsets"].append(start)
    return data, "\n".join(lines)


def load(panel, data, rows):
    """A queries.Ranking from its snapshot's header and StoredRows (components come back as
    (component id, value))."""
    ranking = queries.Ranking(
        panel=panel,
        rows=rows,
        reviewers=[tuple(r) for r in data["reviewers"]],
        cutline=data["cutline"],
        unstable_reviewers=[tuple(r) for r in data["unstable_reviewers"]],
    )
    ranking.aggregate_columns = data["aggregate_columns"]
    ranking.knockout_rows = [SimpleNamespace(**row) for row in data["knockout_rows"]]
    return ranking


class StoredRows(Sequence):
    """The rows of a stored ranking, read and turned into RankingRows only when asked for: one
    substring query of the snapshot's text per slice (a page) or whole iteration, so a page of
    50 costs the same whether the panel ranks 500 applications or 5,000."""

    def __init__(self, offsets, *, snapshot_id, signature, fallback):
        self.offsets = offsets
        self.snapshot_id = snapshot_id
        self.signature = signature
        self.fallback = fallback
        self.fresh = None  # the rows computed afresh, when the snapshot moved under us
        self.loaded = {}

    def __len__(self):
        return len(self.fresh) if self.fresh is not None else len(self.offsets) - 1

    def __iter__(self):
        return iter(self[:])

    def __getitem__(self, index):
        if self.fresh is None:
            if isinstance(index, slice):
                wanted = range(*index.indices(len(self)))
            else:
                wanted = [index + len(self) if index < 0 else index]
                if not 0 <= wanted[0] < len(self):
                    raise IndexError(index)
            missing = [i for i in wanted if i not in self.loaded]
            if missing:
                self._read(min(missing), max(missing) + 1)
        if self.fresh is not None:
            return self.fresh[index]
        rows = [self.loaded[i] for i in wanted]
        return rows if isinstance(index, slice) else rows[0]

    def _read(self, first, end):
        """Decode rows first..end-1 from one substring of the snapshot's text."""
        start, stop = self.offsets[first], self.offsets[end] - 1  # without the last newline
        part = (
            RankingSnapshot.objects.filter(pk=self.snapshot_id, signature=self.signature)
            .annotate(part=Substr("rows", start + 1, stop - start))
            .values_list("part", flat=True)
            .first()
        )
        if part is None:
            self.fresh = self.fallback()
            return
        for index, line in enumerate(part.split("\n"), start=first):
            self.loaded[index] = _load_row(dict(zip(ROW_KEYS, json.loads(line), strict=True)))


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
        evaluators=row["evaluators"],
        knockout_fails=row["knockout_fails"],
        knockout_pending=row["knockout_pending"],
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
