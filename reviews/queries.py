"""Named reads: what a user may see, and the ranking. 404 for what one may not see."""

from collections import defaultdict
from dataclasses import dataclass, field, replace
from itertools import groupby
from operator import attrgetter
from types import SimpleNamespace

from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch, Q
from django.http import Http404

from applications.models import Application
from reviews import aggregation, permissions
from reviews.conflicts import ConflictIndex
from reviews.enums import ACTIVE, EDITABLE, KnockoutRule, PanelPurpose, ReviewStatus
from reviews.models import (
    ComponentResult,
    GateComponent,
    KnockoutConfirmation,
    Panel,
    PanelMember,
    Review,
    Score,
)


class PledgeRequired(Exception):
    """The reviewer has not signed this panel's pledge yet: show them the pledge first."""

    def __init__(self, member):
        super().__init__(member)
        self.member = member


def panels_for_user(user):
    qs = Panel.objects.select_related("stage__call__programme")
    if user.is_staff_reader:
        return qs
    return qs.filter(members__user=user).distinct()


def get_panel_for_user(user, pk):
    try:
        panel = panels_for_user(user).get(pk=pk)
    except Panel.DoesNotExist:
        raise Http404 from None
    return panel


def _visible_rows(user):
    """(id, status, panel id) of the reviewer's visible reviews, in the queue's order.

    Narrow rows: a national reviewer holds ~80 reviews, and sorting them whole with their
    panels, calls and teams joined cost more than the page that shows fifty. The conflict
    check reads (application, team, call) alone (_conflicted)."""
    signed = PanelMember.objects.filter(user=user, pledge_signed_at__isnull=False).values(
        "panel_id"
    )
    rows = list(
        Review.objects.filter(reviewer=user, status__in=ACTIVE, panel_id__in=signed)
        .order_by("panel__closes_at", "panel_id", "application__reference", "id")
        .values_list(
            "id", "status", "panel_id", "application_id", "application__team_id",
            "application__call_id",
        )
    )  # fmt: skip
    if not rows:
        return []
    conflicted = _conflicted(user, [(a, t, c) for _i, _s, _p, a, t, c in rows])
    return [(i, s, p) for i, s, p, a, _t, _c in rows if a not in conflicted]


def visible_reviews(user, ids, *, with_scores=False):
    """The reviews `ids` (a page of visible_review_ids) whole, in that order; only the user's own.

    `with_scores` fetches each review's scores too (the API shows them; the queue page does not).
    """
    reviews = Review.objects.filter(pk__in=list(ids), reviewer=user).select_related(
        "panel__stage__call", "application__team"
    )
    if with_scores:
        reviews = reviews.prefetch_related("scores")
    order = {pk: i for i, pk in enumerate(ids)}
    return sorted(reviews, key=lambda r: order[r.pk])


def visible_review_ids(user, *, panel=None):
    """The ids of the reviewer's own active reviews in panels whose pledge they signed, minus
    conflicts, in the queue's order; optionally one panel's. Conflicts are re-checked here,
    not only at assignment: a team may have changed since."""
    return [i for i, _s, p in _visible_rows(user) if panel is None or p == panel.pk]


QUEUE_PAGE = 50


def review_queue(user, page_number=None):
    """The reviewer's queue page by page: (page of reviews, submitted, total).

    The same reviews as visible_reviews, in the same order, but only the page's rows are
    loaded whole: the rest is (id, status, panel) for the counts and the conflict check.
    Four queries whatever the length of the queue."""
    rows = _visible_rows(user)
    submitted = sum(1 for r in rows if r[1] == ReviewStatus.SUBMITTED)
    page = Paginator([r[0] for r in rows], QUEUE_PAGE).get_page(page_number)
    # Only what the rows show: whole rows of the five joined models were ~100 columns each,
    # and reading them took longer than running the query (12 of the page's 35 ms).
    loaded = (
        Review.objects.filter(pk__in=list(page.object_list))
        .select_related("panel", "application")
        .only(
            "status", "total", "panel", "application", "panel__name_ko", "panel__name_en",
            "panel__closes_at", "application__reference", "application__title_ko",
            "application__title_en",
        )
    )  # fmt: skip
    order = {pk: i for i, pk in enumerate(page.object_list)}
    page.object_list = sorted(loaded, key=lambda r: order[r.pk])
    return page, submitted, len(rows)


ASSIGNMENTS_PAGE = 50


def panel_assignments(panel, user, page_number=None):
    """The panel's assignments fifty applications a page: (page, [(application, reviews)]).

    A national panel holds 25,000 reviews: listed at once they made a 5 MB page that took 3 s.
    The applications are sorted as (id, team, call) rows, which is also all the conflict check
    needs (a chair does not see the applications they are conflicted with; staff see all);
    only the page's reviews are loaded whole. Two queries, three for a chair."""
    applications = list(
        Application.objects.filter(
            pk__in=Review.objects.filter(panel=panel).values("application_id")
        )
        .order_by("reference", "id")
        .values_list("id", "team_id", "call_id")
    )
    if applications and not user.is_staff_reader:
        hidden = _conflicted(user, applications)
        applications = [row for row in applications if row[0] not in hidden]
    page = Paginator([row[0] for row in applications], ASSIGNMENTS_PAGE).get_page(page_number)
    reviews = (
        Review.objects.filter(panel=panel, application_id__in=list(page.object_list))
        .select_related("reviewer", "application", "recusal")
        .order_by("application__reference", "application_id", "reviewer__username")
    )
    groups = [
        (application, list(rows))
        for application, rows in groupby(reviews, key=attrgetter("application"))
    ]
    return page, groups


def _conflicted(user, applications):
    """The ids of (application id, team id, call id) rows that conflict with `user`: all the
    conflict check reads of an application, without loading it."""
    index = ConflictIndex([SimpleNamespace(pk=a, team_id=t, call_id=c) for a, t, c in applications])
    return index.conflicted_ids(user)


def get_review_for_user(user, pk, *, write=False, lock=False):
    """The reviewer's own review: 404 to anyone else or when conflicted; PledgeRequired before
    the pledge; PermissionDenied (403) for a write to a locked review. Two queries: the review
    with its membership, and the conflict facts.

    `lock` (inside a transaction) takes the review's row lock in the same query, so that a write
    need not fetch the review a second time to lock it."""
    from django.core.exceptions import PermissionDenied

    # A write (the autosave, on every keystroke) needs less of the page's context.
    related = ("panel", "application") if write else ("panel__stage__call", "application__team")
    try:
        # The membership rides on the same join as the filter: a non-member finds nothing.
        reviews = Review.objects.select_related(*related)
        if lock:
            reviews = reviews.select_for_update(of=("self",))
        review = (
            reviews.filter(pk=pk, reviewer=user, status__in=ACTIVE, panel__members__user=user)
            .annotate(
                membership_id=F("panel__members__id"),
                pledge_signed_at=F("panel__members__pledge_signed_at"),
            )
            .get()
        )
    except (Review.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    review.reviewer = user
    if ConflictIndex([review.application], reviewers=[user]).conflicted_ids(user):
        raise Http404
    if review.pledge_signed_at is None:
        raise PledgeRequired(PanelMember.objects.get(pk=review.membership_id))
    if write and not review.is_editable:
        raise PermissionDenied
    return review


@dataclass
class PanelQueue:
    """Where a review stands in its reviewer's queue for one panel."""

    done: int
    total: int
    next_review: Review | None

    @property
    def percent(self):
        return round(100 * self.done / self.total) if self.total else 0


# Enough look-ahead that a conflicted review or two does not hide the next one.
NEXT_CANDIDATES = 5


def panel_queue(review):
    """The reviewer's progress in this panel and the next review to score, in three queries
    whatever the length of the queue: the queue itself is never loaded.

    The counts are of active reviews (a review that turned out conflicted is recused and
    leaves them); the next review is the first editable one, in the order of "my reviews",
    that is not conflicted.
    """
    mine = Review.objects.filter(
        reviewer_id=review.reviewer_id, panel_id=review.panel_id, status__in=ACTIVE
    )
    counts = mine.aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(status=ReviewStatus.SUBMITTED))
    )
    candidates = list(
        mine.filter(status__in=EDITABLE)
        .exclude(pk=review.pk)
        .select_related("application")
        .order_by("application__reference", "id")[:NEXT_CANDIDATES]
    )
    # Built even for no candidates, so that the page runs the same queries at any queue length.
    conflicted = ConflictIndex(
        [c.application for c in candidates], reviewers=[review.reviewer]
    ).conflicted_ids(review.reviewer)
    return PanelQueue(
        done=counts["done"],
        total=counts["total"],
        next_review=next((c for c in candidates if c.application_id not in conflicted), None),
    )


def scored_count(rubric):
    """How many criteria of [(criterion, score or None)] have an answer."""
    return sum(
        1
        for c, s in rubric
        if s and ((c.is_knockout and s.passed is not None) or s.level is not None)
    )


def review_with_scores(review):
    criteria = list(review.panel.criteria.all())
    scores = {s.criterion_id: s for s in review.scores.all()}
    return [(c, scores.get(c.pk)) for c in criteria]


def peer_reviews(review):
    """Other reviewers' submitted reviews of the same application, when the rules allow it."""
    if review.status != ReviewStatus.SUBMITTED or not review.panel.show_peer_scores:
        return []
    return list(
        Review.objects.filter(
            panel=review.panel, application=review.application, status=ReviewStatus.SUBMITTED
        )
        .exclude(pk=review.pk)
        .order_by("id")
    )


def panel_progress(panel):
    counts = dict(
        panel.reviews.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    active = sum(counts.get(s, 0) for s in ACTIVE)
    done = counts.get(ReviewStatus.SUBMITTED, 0)
    return {
        "active": active,
        "submitted": done,
        "percent": round(100 * done / active) if active else 0,
    }


@dataclass
class RankingRow:
    application_id: int
    reference: str
    title: str
    team: str
    submitted_at: object
    status: str
    totals: dict = field(default_factory=dict)  # reviewer_id → total
    recommendations: int = 0
    votes: int = 0  # submitted reviews
    evaluators: int = 0  # active reviews: the application's evaluators, submitted or not
    knockout_fails: int = 0  # the most reviewers failing one knock-out criterion
    knockout_pending: bool = False  # fails await the chair's judgment (chair rule)
    knocked_out: bool = False
    aggregate: aggregation.Aggregate = field(default_factory=aggregation.Aggregate)
    components: list = field(default_factory=list)
    rank: int = 0
    above_cutline: bool = False

    @property
    def score(self):
        return self.aggregate.score

    @property
    def majority(self):
        """More than half of the application's evaluators recommend it: an evaluator who has
        not submitted yet counts against, as an abstention does."""
        return self.evaluators > 0 and self.recommendations * 2 > self.evaluators


@dataclass
class Ranking:
    panel: Panel
    rows: list
    reviewers: list  # [(id, display name)]
    cutline: int
    unstable_reviewers: list = field(default_factory=list)
    tie_break = aggregation.TIE_BREAK_CHAIN


def _rank(rows, panel, cutline):
    """Order the rows and mark those above the cutline. A knocked-out row never passes; in a
    stage gate its place stays empty (plan 5 → 4 with one failure among the top 4 gives 3),
    elsewhere the next row takes it."""
    rows.sort(key=aggregation.tie_break_key)
    gate = panel.purpose == PanelPurpose.STAGE_GATE
    eligible = 0
    for position, row in enumerate(rows, start=1):
        row.rank = position
        row.above_cutline = False
        if row.score is None or eligible >= cutline:
            continue
        if not row.knocked_out:
            row.above_cutline = True
            eligible += 1
        elif gate:
            eligible += 1
    return rows


def knockout_judgment(panel, *, fails, evaluators, confirmation):
    """The panel's judgment on an application's knock-out criteria, by its rule.

    Majority: more than half of the application's evaluators, and at least two, failed one
    knock-out criterion. Chair: the chair recorded that it failed. One reviewer never decides.
    """
    if panel.knockout_rule == KnockoutRule.CHAIR:
        return bool(confirmation)
    return fails >= 2 and fails * 2 > evaluators


def _aggregate(panel, totals):
    return aggregation.aggregate(
        totals,
        method=panel.aggregation,
        min_reviews=panel.trim_min_reviews,
        disagreement_share=panel.disagreement_share,
    )


def ranking(panel, *, viewer=None, hidden=None, with_stability=True, combine=True):
    """The panel's ranking in a fixed number of queries, whatever the number of rows.

    Rows the viewer is conflicted with (or the application ids in `hidden`) are left out. The
    cutline falls at the panel's `advance_count`; knocked-out rows never fall above it.
    Stability: for each reviewer, would the set above the cutline change if that reviewer's
    reviews were removed?
    """
    reviews = list(
        Review.objects.filter(panel=panel, status__in=ACTIVE)
        .values_list(
            "application_id",
            "reviewer_id",
            "status",
            "total",
            "recommend",
            "reviewer__full_name",
            "reviewer__username",
        )
        .order_by("reviewer_id")
    )
    fails = defaultdict(int)  # application → most fails on one knock-out criterion
    for app_id, _criterion, n in (
        Score.objects.filter(
            review__panel=panel,
            review__status=ReviewStatus.SUBMITTED,
            criterion__is_knockout=True,
            passed=False,
        )
        .values_list("review__application_id", "criterion_id")
        .annotate(n=Count("id"))
        .order_by()
    ):
        fails[app_id] = max(fails[app_id], n)
    confirmed = {}
    if panel.knockout_rule == KnockoutRule.CHAIR:
        confirmed = dict(
            KnockoutConfirmation.objects.filter(panel=panel).values_list("application_id", "failed")
        )
    app_ids = {r[0] for r in reviews}
    # Only what the rows and the conflict check read: whole rows took 0.8 s at 5,000.
    applications = list(
        Application.objects.filter(pk__in=app_ids)
        .select_related("team")
        .only(
            "reference", "title_ko", "title_en", "submitted_at", "status", "call_id",
            "team__name_ko", "team__name_en",
        )
        .order_by("id")
    )  # fmt: skip
    if hidden is None and viewer is not None:
        hidden = hidden_from(viewer, applications)
    if hidden:
        applications = [a for a in applications if a.pk not in hidden]
    rows = {
        a.pk: RankingRow(
            application_id=a.pk,
            reference=a.reference or "",
            title=a.title,
            team=a.team.name,
            submitted_at=a.submitted_at,
            status=a.status,
        )
        for a in applications
    }
    reviewers = {}
    for app_id, reviewer_id, status, total, recommend, full_name, username in reviews:
        reviewers[reviewer_id] = full_name or username
        row = rows.get(app_id)
        if row is not None:
            row.evaluators += 1
        if row is None or status != ReviewStatus.SUBMITTED or total is None:
            continue
        row.totals[reviewer_id] = total
        row.votes += 1
        row.recommendations += 1 if recommend else 0
    for row in rows.values():
        row.knockout_fails = fails.get(row.application_id, 0)
        confirmation = confirmed.get(row.application_id)
        row.knocked_out = knockout_judgment(
            panel,
            fails=row.knockout_fails,
            evaluators=row.evaluators,
            confirmation=confirmation,
        )
        row.knockout_pending = (
            panel.knockout_rule == KnockoutRule.CHAIR
            and row.knockout_fails > 0
            and confirmation is None
        )
        row.aggregate = _aggregate(panel, list(row.totals.values()))
    rows = list(rows.values())
    if combine and panel.purpose == PanelPurpose.STAGE_GATE:
        _combine_gate(panel, rows)
    cutline = panel.advance_count
    _rank(rows, panel, cutline)
    result = Ranking(panel=panel, rows=rows, reviewers=sorted(reviewers.items()), cutline=cutline)
    if with_stability and panel.purpose != PanelPurpose.STAGE_GATE:
        result.unstable_reviewers = _unstable_reviewers(panel, rows, reviewers, cutline)
    return result


def hidden_from(viewer, applications):
    """The ids of the applications whose ranking rows `viewer` may not see (their conflicts)."""
    if viewer.is_staff_reader or not applications:
        return set()
    return ConflictIndex(applications).conflicted_ids(viewer)


def _unstable_reviewers(panel, rows, reviewers, cutline):
    """Reviewers whose removal alone would change the set above the cutline.

    Incremental: removing one reviewer changes only the rows that reviewer scored, so each
    trial re-aggregates those rows and merges them with the leading unchanged rows, in
    O(cutline + rows scored) rather than re-sorting every row once per reviewer (30 s for 300
    reviewers × 5,000 applications). Outside a stage gate (the only case asked), the set above
    the cutline is the first `cutline` rows, in tie-break order, that have a score and are not
    knocked out; knock-outs do not depend on the totals.
    """
    selected = {r.application_id for r in rows if r.above_cutline}
    # Eligible rows in tie-break order (`rows` is sorted already by _rank), with their keys.
    eligible = [
        (aggregation.tie_break_key(r), r.application_id)
        for r in rows
        if r.score is not None and not r.knocked_out
    ]
    scored_by = defaultdict(list)
    for row in rows:
        if not row.knocked_out:
            for reviewer_id in row.totals:
                scored_by[reviewer_id].append(row)
    unstable = []
    for reviewer_id, name in sorted(reviewers.items()):
        changed = scored_by.get(reviewer_id, [])
        if not changed:
            continue  # submitted nothing that counts: removing them changes nothing
        changed_ids = {row.application_id for row in changed}
        kept = []
        for key, app_id in eligible:
            if len(kept) == cutline:
                break
            if app_id not in changed_ids:
                kept.append((key, app_id))
        for row in changed:
            others = [t for rid, t in row.totals.items() if rid != reviewer_id]
            # A copy: the trial must not touch the real row's aggregate.
            trial = replace(row, aggregate=_aggregate(panel, others))
            if trial.score is not None:
                kept.append((aggregation.tie_break_key(trial), row.application_id))
        kept.sort(key=lambda pair: pair[0])
        if {app_id for _key, app_id in kept[:cutline]} != selected:
            unstable.append((reviewer_id, name))
    return unstable


def _combine_gate(panel, rows):
    """Stage gates: Σ component weight × result. A component tied to this panel takes its
    aggregate, one tied to another panel (e.g. a user panel) takes that panel's aggregate, and
    one without a panel takes the result an officer entered (e.g. benchmarks)."""
    components = list(
        GateComponent.objects.filter(stage_id=panel.stage_id).select_related("panel__stage__call")
    )
    if not components:
        return
    other_scores = {
        c.pk: {
            r.application_id: r.score
            for r in ranking(c.panel, with_stability=False, combine=False).rows
        }
        for c in components
        if c.panel_id and c.panel_id != panel.pk
    }
    entered = {
        (c, a): v
        for c, a, v in ComponentResult.objects.filter(
            component__in=components, application_id__in=[r.application_id for r in rows]
        ).values_list("component_id", "application_id", "value")
    }
    for row in rows:
        parts = []
        for component in components:
            if component.panel_id == panel.pk:
                value = row.aggregate.score
            elif component.pk in other_scores:
                value = other_scores[component.pk].get(row.application_id)
            else:
                value = entered.get((component.pk, row.application_id))
            parts.append((component.weight, value))
        row.components = [(c, v) for c, (_w, v) in zip(components, parts, strict=True)]
        row.aggregate.score = aggregation.combine_components(parts)


def reviews_to_remind(moment, *, within):
    """Unfinished reviews in panels closing between `moment` and `moment + within`."""
    return (
        Review.objects.filter(
            status__in=[ReviewStatus.ASSIGNED, ReviewStatus.IN_PROGRESS, ReviewStatus.REOPENED],
            panel__closes_at__gt=moment,
            panel__closes_at__lte=moment + within,
        )
        .select_related("reviewer", "panel")
        .prefetch_related(
            Prefetch(
                "panel__members",
                queryset=PanelMember.objects.filter(role="chair").select_related("user"),
                to_attr="chairs",
            )
        )
    )


def can_see_ranking_or_404(user, panel):
    if not permissions.can_view_ranking(user, panel):
        raise Http404


def review_documents(review):
    """The application's documents a reviewer may open. CVs and letters name people, so a panel
    that hides applicant identities shows only the proposal itself."""
    from applications.models import Attachment
    from programmes.enums import DocumentKind

    documents = Attachment.objects.filter(application=review.application).order_by("kind", "id")
    if review.panel.hide_applicant_identity:
        documents = documents.filter(kind=DocumentKind.PROPOSAL)
    return documents
