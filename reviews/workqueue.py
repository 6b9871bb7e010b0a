"""What the review process leaves waiting for programme staff: panels short of reviewers,
decisions to record and results to publish. Registered in ReviewsConfig.ready() with
programmes.workqueue; three queries whatever the number of panels and applications."""

from collections import Counter, defaultdict

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application
from programmes.workqueue import WorkItem
from reviews.enums import ACTIVE, PanelPurpose, PanelRole, ReviewStatus
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
    reviews = Counter()
    progress = defaultdict(Counter)
    for panel_id, application_id, status, n in (
        Review.objects.filter(panel_id__in=open_ids, status__in=ACTIVE)
        .values_list("panel_id", "application_id", "status")
        .annotate(n=Count("id"))
    ):
        reviews[panel_id, application_id] += n
        progress[panel_id]["active"] += n
        progress[panel_id]["submitted"] += n if status == ReviewStatus.SUBMITTED else 0
    in_review = defaultdict(list)
    calls = {p.stage.call_id for p in panels if not p.decided}
    for application_id, call_id, status in Application.objects.filter(
        call_id__in=calls
    ).values_list("id", "call_id", "status"):
        in_review[call_id, status].append(application_id)
    waiting = {REVIEWERS: [], DECISION: [], PUBLISH: [], OVERDUE: []}
    for panel in panels:
        if panel.decided:
            if panel.results_published_at is None:
                waiting[PUBLISH].append(panel.pk)
            continue
        done = progress[panel.pk]
        closed = panel.closes_at is not None and panel.closes_at < now
        if closed or (done["active"] and done["active"] == done["submitted"]):
            waiting[DECISION].append(panel.pk)
            if closed:
                waiting[OVERDUE].append(panel.pk)
            continue
        k = panel.reviews_per_application
        applications = [
            a
            for status in PANEL_APPLICATION_STATUSES[PanelPurpose(panel.purpose)]
            for a in in_review[panel.stage.call_id, status]
        ]
        if panel.reviewers < k or any(reviews[panel.pk, a] < k for a in applications):
            waiting[REVIEWERS].append(panel.pk)
    return waiting


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
