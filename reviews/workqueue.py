"""What the review process leaves waiting for programme staff: panels short of reviewers,
decisions to record and results to publish. Registered in ReviewsConfig.ready() with
programmes.workqueue; three queries whatever the number of panels and applications, each
answered with a row per panel."""

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application
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
    # Counted in the database, a row per panel: the reviews and applications stay there.
    progress = {
        panel_id: (active, submitted)
        for panel_id, active, submitted in Review.objects.filter(
            panel_id__in=open_ids, status__in=ACTIVE
        )
        .values("panel_id")
        .annotate(
            active=Count("id"), submitted=Count("id", filter=Q(status=ReviewStatus.SUBMITTED))
        )
        .values_list("panel_id", "active", "submitted")
    }
    waiting = {REVIEWERS: [], DECISION: [], PUBLISH: [], OVERDUE: []}
    scoring = []
    for panel in panels:
        if panel.decided:
            if panel.results_published_at is None:
                waiting[PUBLISH].append(panel.pk)
            continue
        active, submitted = progress.get(panel.pk, (0, 0))
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
    waiting[REVIEWERS] += _short_of_reviews(scoring)
    waiting[REVIEWERS].sort()
    return waiting


def _short_of_reviews(panel_ids):
    """The panels among `panel_ids` with an application in review that has fewer active
    reviews than the panel's reviewers per application; one query, answered by the database
    (it stops at the first such application of each panel)."""
    if not panel_ids:
        return []
    shorts = {}
    for purpose, statuses in PANEL_APPLICATION_STATUSES.items():
        active = (
            Review.objects.filter(
                panel=OuterRef(OuterRef("pk")), application=OuterRef("pk"), status__in=ACTIVE
            )
            .order_by()
            .values("application")
            .annotate(n=Count("id"))
            .values("n")
        )
        short = (
            Application.objects.filter(call_id=OuterRef("stage__call_id"), status__in=statuses)
            .annotate(active=Coalesce(Subquery(active), 0))
            .filter(active__lt=OuterRef("reviews_per_application"))
        )
        shorts[f"short_{purpose}"] = Exists(short)
    return [
        panel.pk
        for panel in Panel.objects.filter(pk__in=panel_ids)
        .annotate(**shorts)
        .only("id", "purpose")
        .order_by("id")
        if getattr(panel, f"short_{panel.purpose}")
    ]


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
