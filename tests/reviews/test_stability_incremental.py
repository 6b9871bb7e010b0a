"""The incremental leave-one-reviewer-out check agrees with re-ranking every row per reviewer.

The brute force below is the check as it was first written (copy every row, re-aggregate the
removed reviewer's rows, sort them all); hypothesis draws panels with ties, single-review rows,
knock-outs and a cutline past the number of rows, in memory, without a database.
"""

import datetime
from dataclasses import replace
from decimal import Decimal
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from reviews.queries import RankingRow, _aggregate, _rank, _unstable_reviewers

PANEL = SimpleNamespace(
    purpose="selection", aggregation="mean", trim_min_reviews=5,
    disagreement_share=Decimal("0.20"),
)  # fmt: skip
START = datetime.datetime(2025, 7, 1, tzinfo=datetime.UTC)


def brute_force(panel, rows, reviewers, cutline):
    selected = {r.application_id for r in rows if r.above_cutline}
    unstable = []
    for reviewer_id, name in sorted(reviewers.items()):
        trial = [replace(row) for row in rows]
        for row in trial:
            if reviewer_id in row.totals:
                others = [t for rid, t in row.totals.items() if rid != reviewer_id]
                row.aggregate = _aggregate(panel, others)
        _rank(trial, panel, cutline)
        if {r.application_id for r in trial if r.above_cutline} != selected:
            unstable.append((reviewer_id, name))
    return unstable


panels = st.lists(
    st.tuples(
        # reviewer → total, from a few reviewers and a few distinct totals (ties are common)
        st.dictionaries(st.integers(1, 6), st.sampled_from([60, 70, 75, 80, 90]), max_size=4),
        st.booleans(),  # knocked out
        st.integers(0, 3),  # recommendations
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(panels, st.integers(1, 5), st.sampled_from(["mean", "median", "trimmed_mean"]))
def test_incremental_check_matches_the_brute_force(drawn, cutline, method):
    panel = replace_panel(method)
    rows = []
    for i, (totals, knocked_out, recommendations) in enumerate(drawn):
        row = RankingRow(
            application_id=i + 1, reference=f"R-{i:02d}", title="", team="",
            submitted_at=START + datetime.timedelta(minutes=i % 3), status="under_review",
            totals=dict(totals), recommendations=recommendations, knocked_out=knocked_out,
        )  # fmt: skip
        row.aggregate = _aggregate(panel, list(row.totals.values()))
        rows.append(row)
    reviewers = {rid: f"reviewer {rid}" for row in rows for rid in row.totals}
    _rank(rows, panel, cutline)
    before = [(r.application_id, r.rank, r.above_cutline, r.aggregate) for r in rows]
    expected = brute_force(panel, rows, reviewers, cutline)
    assert _unstable_reviewers(panel, rows, reviewers, cutline) == expected
    assert [(r.application_id, r.rank, r.above_cutline, r.aggregate) for r in rows] == before


def replace_panel(method):
    return SimpleNamespace(**{**vars(PANEL), "aggregation": method})
