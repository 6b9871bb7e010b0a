"""What the review process leaves waiting for programme staff: panels short of reviewers,
decisions to record and results to publish. Registered in ReviewsConfig.ready() with
programmes.workqueue; three queries whatever the number of panels and applications, each
answered with a row per panel."""

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application
from programmes.models import Stage
from programmes.workqueue import WorkItem
from reviews.enums import ACTIVE, PanelRole, ReviewStatus
from reviews.models import Decision, Panel, Review
from reviews.services import PANEL_APPLICATION_STATUSES

REVIEWERS, DECISION, PUBLISH, OVERDUE = "reviewers", "decision", "publish", "overdue"


def panels_waiting(now=None):
    """{REVIEWERS | DECISION | PUBLISH: [panel ids], OVERDUE: [...]} — what panels wait for.

    Short of reviewers: still undecided and not closed, with fewer non-chair members than
    its reviewers per application, or an application with fewer active reviews than that.
    A decision: undecided, and either its scoring period is over or every review is in.
    Results: decided but not published. Overdue: decisions of panels whose period is over.
    """
    now = now or timezone.now()
    panels = list(
        Panel.objects.annotate(
            decided=Exists(Decision.objects.filter(panel=OuterRef("pk"))),
            reviewers=Count("members", filter=~Q(members__role=PanelRole.CHAIR)),
        )
        .select_related("stage")
        .order_by("id")
    )
    open_ids = [p.pk for p in panels if not p.decided]
    progress = _progress(open_ids)
    waiting = {REVIEWERS: [], DECISION: [], PUBLISH: [], OVERDUE: []}
    scoring = []
    for panel in panels:
        if panel.decided:
            if panel.results_published_at is None:
                waiting[PUBLISH].append(panel.pk)
            continue
        active, submitted, _full = progress.get(panel.pk, (0, 0, 0))  # none: no reviews yet
        closed = panel.closes_at is not None and panel.closes_at < now
        if closed or (active and active == submitted):
            waiting[DECISION].append(panel.pk)
            if closed:
                waiting[OVERDUE].append(panel.pk)
            continue
        if panel.reviewers < panel.reviews_per_application:
            waiting[REVIEWERS].append(panel.pk)
        else:
            scoring.append(panel.pk)
    # Short of reviews: an application in review has fewer active reviews than the panel asks
    # for, i.e. fewer applications are fully reviewed than are in review.
    in_review = _applications_in_review(scoring)
    fully_reviewed = {pk: full for pk, (_a, _s, full) in progress.items()}
    waiting[REVIEWERS] += [pk for pk in scoring if in_review.get(pk, 0) > fully_reviewed.get(pk, 0)]
    waiting[REVIEWERS].sort()
    return waiting


def _in_review_sql(panel, application):
    """SQL true when `application` is in review for `panel` (PANEL_APPLICATION_STATUSES)."""
    parts, params = [], []
    for purpose, statuses in PANEL_APPLICATION_STATUSES.items():
        marks = ", ".join(["%s"] * len(statuses))
        parts.append(f"({panel}.purpose = %s AND {application}.status IN ({marks}))")
        params += [purpose.value, *(s.value for s in statuses)]
    return "(" + " OR ".join(parts) + ")", params


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


def _progress(panel_ids):
    """{panel id: (active reviews, submitted reviews, applications in review with at least
    the panel's reviews per application)}: one pass over the panels' reviews, grouped per
    application then per panel, in the database (SQL-92, the same on PostgreSQL and SQLite).
    Written as SQL because the ORM cannot aggregate over a grouped subquery."""
    if not panel_ids:
        return {}
    in_review, in_review_params = _in_review_sql("p", "a")
    ids = ", ".join(["%s"] * len(panel_ids))
    active = ", ".join(["%s"] * len(ACTIVE))
    # Only placeholders and quoted table names are put into the text.
    sql = f"""
        SELECT x.panel_id, SUM(x.active), SUM(x.submitted),
               SUM(CASE WHEN x.active >= p.reviews_per_application AND {in_review}
                        THEN 1 ELSE 0 END)
        FROM (SELECT r.panel_id, r.application_id, COUNT(*) AS active,
                     SUM(CASE WHEN r.status = %s THEN 1 ELSE 0 END) AS submitted
                FROM {_table(Review)} r
               WHERE r.panel_id IN ({ids}) AND r.status IN ({active})
               GROUP BY r.panel_id, r.application_id) x
        JOIN {_table(Panel)} p ON p.id = x.panel_id
        JOIN {_table(Application)} a ON a.id = x.application_id
        GROUP BY x.panel_id
    """  # noqa: S608
    params = [*in_review_params, ReviewStatus.SUBMITTED.value, *panel_ids]
    params += [s.value for s in sorted(ACTIVE)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {pk: (int(a), int(s), int(f)) for pk, a, s, f in cursor.fetchall()}


def _applications_in_review(panel_ids):
    """{panel id: applications of its call in review for it}, one grouped query."""
    if not panel_ids:
        return {}
    in_review, params = _in_review_sql("p", "a")
    ids = ", ".join(["%s"] * len(panel_ids))
    # Only placeholders and quoted table names are put into the text.
    sql = f"""
        SELECT p.id, COUNT(a.id)
        FROM {_table(Panel)} p
        JOIN {_table(Stage)} s ON s.id = p.stage_id
        JOIN {_table(Application)} a ON a.call_id = s.call_id AND {in_review}
        WHERE p.id IN ({ids})
        GROUP BY p.id
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *panel_ids])
        return dict(cursor.fetchall())


LABELS = {
    REVIEWERS: lambda: _("Panels without enough reviewers"),
    DECISION: lambda: _("Panel decisions to record"),
    PUBLISH: lambda: _("Results to publish to applicants"),
}


def panel_work(user):
    """Programme officers act on these; auditors watch the same queue."""
    if not (user.is_officer or user.is_auditor):
        return []
    waiting = panels_waiting()
    url = reverse("reviews:panel-list")
    return [
        WorkItem(
            label=LABELS[kind](),
            count=len(ids),
            url=f"{url}?waiting={kind}",
            urgent=kind == DECISION and bool(waiting[OVERDUE]),
        )
        for kind, ids in waiting.items()
        if ids and kind in LABELS
    ]
