"""HTML pages of the reviews app. Each view translates input, calls one service, renders."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import User
from applications.models import Application
from applications.views import attachment_response
from programmes.exports import table_response
from reviews import (
    aggregation,
    judgments,
    permissions,
    queries,
    ranking_store,
    readiness,
    services,
    workqueue,
)
from reviews.conflicts import ConflictIndex
from reviews.enums import ACTIVE, KnockoutRule
from reviews.forms import (
    AcceptInvitationForm,
    AutoAssignForm,
    CriterionFormSet,
    DecisionForm,
    InvitationForm,
    PanelForm,
    ReasonForm,
)
from reviews.models import Decision, Invitation, Objection, PanelMember, Review
from reviews.objections import objection_deadline


def _review_or_pledge(request, pk, *, write=False, lock=False):
    try:
        return queries.get_review_for_user(request.user, pk, write=write, lock=lock), None
    except queries.PledgeRequired as required:
        return None, redirect("reviews:pledge", required.member.panel_id)


@login_required
def my_reviews(request):
    page, done, total = queries.review_queue(request.user, request.GET.get("page"))
    unsigned = PanelMember.objects.filter(
        user=request.user, pledge_signed_at__isnull=True
    ).select_related("panel")
    return render(
        request,
        "reviews/my_reviews.html",
        {
            "reviews": page.object_list,
            "page": page,
            "total": total,
            "unsigned": unsigned,
            "done": done,
            "percent": round(100 * done / total) if total else 0,
        },
    )


@login_required
def pledge(request, pk):
    # panel__pk, not panel_id: only a primary-key lookup is bounded, so an id past 2**63 is a 404.
    member = get_object_or_404(
        PanelMember.objects.select_related("panel__stage__call"), panel__pk=pk, user=request.user
    )
    if request.method == "POST":
        services.sign_pledge(member, by=request.user)
        messages.success(request, _("Thank you. The pledge is signed."))
        return redirect("reviews:my-reviews")
    return render(request, "reviews/pledge.html", {"member": member, "panel": member.panel})


def _scoring_context(request, review, **extra):
    rows = queries.review_with_scores(review)
    queue = queries.panel_queue(review)
    # An editable review outside the scoring window takes no keystroke: say so, disable inputs.
    can_save = review.is_editable and review.panel.is_open()
    return {
        "review": review,
        "can_save": can_save,
        "window_closed": (
            services.window_closed_message(review.panel)
            if review.is_editable and not can_save
            else ""
        ),
        "panel": review.panel,
        "application": review.application,
        "hide_identity": review.panel.hide_applicant_identity,
        "rows": rows,
        "running_total": aggregation.review_total(
            [(s.level, c.weight) for c, s in rows if s and not c.is_knockout and s.level],
            review.panel.scale_max,
        ),
        "levels": list(review.panel.levels.all()),
        "scale": list(range(review.panel.scale_max, 0, -1)),
        "scored": queries.scored_count(rows),
        "criteria_count": len(rows),
        "next_review": queue.next_review,
        "panel_done": queue.done,
        "panel_total": queue.total,
        "panel_percent": queue.percent,
        "peers": queries.peer_reviews(review),
        "documents": queries.review_documents(review),
        "members": review.application.team.members.select_related("user", "organisation")
        if not review.panel.hide_applicant_identity
        else [],
        "participants": review.application.team.participants.select_related("organisation")
        if not review.panel.hide_applicant_identity
        else [],
        **extra,
    }


@login_required
def review_score(request, pk):
    review, redirect_to = _review_or_pledge(request, pk)
    if redirect_to:
        return redirect_to
    return render(request, "reviews/score.html", _scoring_context(request, review))


CRITERION_FIELD = re.compile(r"c(\d{1,9})(_comment)?")


def _posted_scores(request, review):
    """The rubric's fields of the form, read from their names (c<criterion id>, and
    c<id>_comment) without loading the rubric: the service checks each criterion."""
    levels, passes, comments = {}, {}, {}
    for key, value in request.POST.items():
        found = CRITERION_FIELD.fullmatch(key)
        if not found:
            continue
        criterion_id, is_comment = int(found[1]), bool(found[2])
        if is_comment:
            comments[criterion_id] = value
        elif value in ("pass", "fail"):
            passes[criterion_id] = value == "pass"
        else:
            levels[criterion_id] = value or None
    recommend = {"yes": True, "no": False}.get(request.POST.get("recommend"))
    return {
        "levels": levels,
        "passes": passes,
        "comments": comments,
        "recommend": recommend,
        "comment": request.POST.get("comment"),
        "summary": request.POST.get("summary_for_applicant"),
    }


@login_required
def review_document(request, pk, attachment_pk):
    """A document of the application under review, for its (unconflicted, pledged) reviewer."""
    review, redirect_to = _review_or_pledge(request, pk)
    if redirect_to:
        return redirect_to
    attachment = get_object_or_404(queries.review_documents(review), pk=attachment_pk)
    return attachment_response(attachment)


@login_required
@require_POST
def review_autosave(request, pk):
    """htmx autosave: 200 with the new version, or 409 when another tab saved first."""
    try:
        with transaction.atomic():
            # The access check takes the review's row lock: one fetch of the review per save.
            review, redirect_to = _review_or_pledge(request, pk, write=True, lock=True)
            if redirect_to:
                raise PermissionDenied
            saved = services.save_scores(
                review, by=request.user, version=request.POST.get("version", 0), locked=True,
                **_posted_scores(request, review),
            )  # fmt: skip
    except services.StaleVersion as stale:
        return render(
            request, "reviews/_save_status.html",
            {"review": review, "stale": True, "current": stale.current}, status=409,
        )  # fmt: skip
    except services.ReviewError as error:
        closed = isinstance(error, services.ScoringClosed)
        return render(
            request, "reviews/_save_status.html",
            {"review": review, "error": str(error), "closed": closed}, status=422,
        )  # fmt: skip
    # Only the status line, the new version and the rubric's progress: the autosave must not
    # rebuild the page (nor the reviewer's queue) on every keystroke.
    # Rendered without the request's context processors (they would read the user's roles).
    return HttpResponse(render_to_string(
        "reviews/_save_status.html",
        {"review": saved, "saved": True, "scored": queries.scored_count(saved.rubric),
         "criteria_count": len(saved.rubric)},
    ))  # fmt: skip


@login_required
@require_POST
def review_submit(request, pk):
    review, redirect_to = _review_or_pledge(request, pk, write=True)
    if redirect_to:
        return redirect_to
    try:
        services.save_scores(
            review, by=request.user, version=request.POST.get("version", 0),
            **_posted_scores(request, review),
        )  # fmt: skip
        services.submit_review(review, by=request.user)
    except services.ReviewError as error:
        messages.error(request, str(error))
        return redirect("reviews:review-score", pk)
    messages.success(request, _("Review submitted."))
    following = queries.panel_queue(review).next_review
    if following:
        return redirect("reviews:review-score", following.pk)
    return redirect("reviews:my-reviews")


@login_required
@require_POST
def review_conflict(request, pk):
    review, redirect_to = _review_or_pledge(request, pk)
    if redirect_to:
        return redirect_to
    form = ReasonForm(request.POST)
    if form.is_valid():
        services.declare_conflict(
            review.panel, reviewer=request.user, application=review.application,
            reason=form.cleaned_data["reason"],
        )  # fmt: skip
        messages.success(request, _("Conflict declared. The application was withdrawn from you."))
        return redirect("reviews:my-reviews")
    messages.error(request, _("Give a reason for the conflict."))
    return redirect("reviews:review-score", pk)


@login_required
@require_POST
def review_reopen(request, pk):
    review = get_object_or_404(Review.objects.select_related("panel"), pk=pk)
    if not permissions.can_view_ranking(request.user, review.panel):
        raise Http404
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise services.ReviewError(_("Give a reason for reopening."))
        services.reopen_review(review, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("The review was reopened."))
    except services.ReviewError as error:
        messages.error(request, str(error))
    return redirect("reviews:panel-detail", review.panel_id)


# Panels ------------------------------------------------------------------------------------


@login_required
def panel_list(request):
    """Every visible panel, or (from the staff work queue) those waiting for one thing."""
    panels = queries.panels_for_user(request.user).order_by("-id")
    waiting = request.GET.get("waiting")
    if waiting in workqueue.LABELS and request.user.is_staff_reader:
        panels = panels.filter(pk__in=workqueue.panels_waiting()[waiting])
    else:
        waiting = None
    return render(
        request,
        "reviews/panel_list.html",
        {
            "panels": panels,
            "can_manage": permissions.can_manage_panels(request.user),
            "waiting": workqueue.LABELS[waiting]() if waiting else "",
        },
    )


def _edit_panel(request, panel):
    if not permissions.can_manage_panels(request.user):
        raise PermissionDenied
    initial = {"stage": request.GET.get("stage")} if panel is None else None
    form = PanelForm(request.POST or None, instance=panel, initial=initial)
    criteria = CriterionFormSet(request.POST or None, instance=panel, prefix="criteria")
    if request.method == "POST" and form.is_valid() and criteria.is_valid():
        try:
            panel = services.save_panel(form, criteria, by=request.user)
        except services.ReviewError as error:
            if form.is_bound:
                form.add_error(None, str(error))
            else:
                messages.error(request, str(error))
        else:
            messages.success(request, _("The panel was saved."))
            return redirect("reviews:panel-detail", panel.pk)
    return render(
        request, "reviews/panel_form.html", {"form": form, "criteria": criteria, "panel": panel}
    )


@login_required
def panel_create(request):
    return _edit_panel(request, None)


@login_required
def panel_edit(request, pk):
    return _edit_panel(request, _panel(request, pk))


def _panel(request, pk):
    return queries.get_panel_for_user(request.user, pk)


@login_required
def panel_detail(request, pk):
    panel = _panel(request, pk)
    is_chair = permissions.is_chair(request.user, panel)
    can_manage = permissions.can_manage_panels(request.user)
    if not (can_manage or is_chair or request.user.is_staff_reader):
        return redirect("reviews:my-reviews")
    page, groups = queries.panel_assignments(panel, request.user, request.GET.get("page"))
    check = None
    if can_manage and request.GET.get("check"):
        check = _conflict_check(panel, request.GET)
    return render(
        request,
        "reviews/panel_detail.html",
        {
            "panel": panel,
            "members": panel.members.select_related("user__organisation"),
            "page": page,
            "assignment_groups": groups,
            "panel_open": panel.is_open(),
            "window_closed": "" if panel.is_open() else services.window_closed_message(panel),
            "progress": queries.panel_progress(panel),
            "is_chair": is_chair,
            "can_manage": can_manage,
            "decided": panel.decisions.current().exists(),
            "invite_form": InvitationForm(),
            # The conflict check repeats three fields of the invitation: its own ids.
            "check_form": InvitationForm(request.GET or None, auto_id="check-%s")
            if check
            else InvitationForm(auto_id="check-%s"),
            "assign_form": AutoAssignForm(
                initial={
                    "per_application": panel.reviews_per_application,
                    "cap": panel.max_per_reviewer,
                }
            ),
            "reason_form": ReasonForm(),
            "check": check,
            "invitations": panel.invitations.filter(accepted_at__isnull=True),
        },
    )


def _conflict_check(panel, data):
    """Would this person be conflicted with any application of the panel? (before inviting)"""
    form = InvitationForm(data)
    form.is_valid()
    cleaned = form.cleaned_data
    candidate = User.objects.filter(email__iexact=cleaned.get("email", "")).first() or User(
        email=cleaned.get("email", ""),
        organisation=cleaned.get("organisation"),
        department=cleaned.get("department"),
    )
    applications = list(services.panel_applications(panel)) or list(
        Application.objects.filter(reviews__panel=panel).distinct()
    )
    reasons = ConflictIndex(applications).reasons_for(candidate)
    by_id = {a.pk: a for a in applications}
    return {"email": cleaned.get("email", ""), "conflicts": [
        (by_id[a], [str(r.label) for r in rs]) for a, rs in reasons.items()
    ]}  # fmt: skip


@login_required
@require_POST
def panel_invite(request, pk):
    panel = _panel(request, pk)
    if not permissions.can_manage_panels(request.user):
        raise PermissionDenied
    form = InvitationForm(request.POST)
    if form.is_valid():
        services.invite_reviewer(panel, by=request.user, **form.cleaned_data)
        messages.success(request, _("Invitation sent."))
    else:
        messages.error(request, _("Check the invitation form."))
    return redirect("reviews:panel-detail", pk)


@login_required
@require_POST
def panel_assign(request, pk):
    panel = _panel(request, pk)
    if not permissions.can_manage_panels(request.user):
        raise PermissionDenied
    form = AutoAssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the assignment settings."))
        return redirect("reviews:panel-detail", pk)
    options = form.cleaned_data
    if "commit" in request.POST:
        try:
            plan = services.auto_assign(panel, by=request.user, **options)
        except services.ReviewError as error:
            messages.error(request, str(error))
            return redirect("reviews:panel-detail", pk)
        messages.success(request, _("%(n)s assignments created.") % {"n": len(plan.pairs)})
        return redirect("reviews:panel-detail", pk)
    plan = services.plan_assignment(panel, **options)
    users = {u.pk: u for u in plan.reviewers}
    apps = {a.pk: a for a in plan.applications}
    return render(
        request,
        "reviews/assign_preview.html",
        {
            "panel": panel,
            "form": form,
            "plan": plan,
            "pairs": [(users[r], apps[a]) for r, a in plan.pairs],
            "loads": sorted(((users[r], n) for r, n in plan.loads.items()), key=lambda x: -x[1]),
            "shortfall": [(apps[a], n) for a, n in plan.shortfall.items()],
        },
    )


RANKING_PAGE = 50
# Up to this many reviewers, one column each (a panel of 5–9 scoring every application, the
# usual case). A national panel of 300 reviewers with five per application would make a
# 300-column matrix, nearly empty and 15,000 cells a page: each row lists its own instead.
REVIEWER_COLUMNS = 12
RANKING_HEADERS = [
    "rank", "reference", "title", "score", "mean", "trimmed_mean", "median", "sd", "min", "max",
    "disagreement", "recommend", "knocked_out", "above_cutline",
]  # fmt: skip


AGGREGATE_COLUMNS = [
    ("mean", gettext_lazy("Mean")),
    ("trimmed_mean", gettext_lazy("Trimmed mean")),
    ("median", gettext_lazy("Median")),
]


@login_required
def panel_ranking(request, pk):
    panel = _panel(request, pk)
    if not permissions.can_view_ranking(request.user, panel):
        raise PermissionDenied
    result = ranking_store.stored_ranking(panel, viewer=request.user)
    columns = [(k, label) for k, label in AGGREGATE_COLUMNS if k in result.aggregate_columns]
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        for row in result.rows:
            row.cells = [row.totals.get(rid) for rid, _name in result.reviewers]
        names = [name for _id, name in result.reviewers]
        rows = [
            [
                r.rank, r.reference, r.title, r.score, r.aggregate.mean, r.aggregate.trimmed_mean,
                r.aggregate.median, r.aggregate.sd, r.aggregate.low, r.aggregate.high,
                r.aggregate.disagreement, f"{r.recommendations}/{r.votes}", r.knocked_out,
                r.above_cutline, *r.cells,
            ]
            for r in result.rows
        ]  # fmt: skip
        return table_response(
            fmt, f"ranking-panel-{panel.pk}", RANKING_HEADERS + names, rows,
            sheet_title="ranking",
        )  # fmt: skip
    # A window of the rows: 2,000 rows at once made a 5 MB page. The cutline is on page one
    # unless it falls beyond RANKING_PAGE rows, and every row is a page away.
    page = Paginator(result.rows, RANKING_PAGE).get_page(request.GET.get("page"))
    matrix = len(result.reviewers) <= REVIEWER_COLUMNS
    names = dict(result.reviewers)
    for row in page:  # only this page's rows are decoded
        if matrix:
            row.cells = [row.totals.get(rid) for rid, _name in result.reviewers]
        else:
            row.reviewer_totals = sorted((names[rid], total) for rid, total in row.totals.items())
        row.aggregate_cells = [getattr(row.aggregate, key) for key, _label in columns]
    return render(
        request,
        "reviews/ranking.html",
        {
            "panel": panel,
            "ranking": result,
            "page": page,
            "tie_break": [
                line.strip()[3:]
                for line in aggregation.TIE_BREAK_CHAIN.splitlines()
                if line.strip()[:2].rstrip(".").isdigit()
            ],
            "can_decide": permissions.can_decide(request.user, panel),
            "decided": panel.decisions.current().exists(),
            "chair_judges_knockouts": permissions.is_chair(request.user, panel)
            and panel.knockout_rule == KnockoutRule.CHAIR,
            "aggregate_columns": columns,
            "reviewer_columns": matrix,
        },
    )


@login_required
def panel_decide(request, pk):
    panel = _panel(request, pk)
    if not permissions.can_decide(request.user, panel):
        raise PermissionDenied
    form = DecisionForm(request.POST or None, panel=panel, initial={"k": panel.advance_count})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            chosen = services.record_decision(
                panel, rule=data["rule"], k=data.get("k"), threshold=data.get("threshold"),
                rationale=data["rationale"], by=request.user,
            )  # fmt: skip
        except services.ReviewError as error:
            if form.is_bound:
                form.add_error(None, str(error))
            else:
                messages.error(request, str(error))
        else:
            messages.success(request, _("Decision recorded: %(n)s advanced.") % {"n": len(chosen)})
            return redirect("reviews:panel-ranking", pk)
    decisions = list(panel.decisions.current().select_related("application"))
    blockers = []
    if not decisions:
        blockers = readiness.decision_blockers(panel, queries.ranking(panel, with_stability=False))
    return render(
        request,
        "reviews/decide.html",
        {
            "panel": panel,
            "form": form,
            "decisions": decisions,
            "blockers": blockers,
            "revoke_form": ReasonForm(),
            "revocations": panel.revocations.select_related("revoked_by"),
        },
    )


@login_required
@require_POST
def panel_revoke(request, pk):
    """An officer revokes the recorded decision, with a reason (then reviews may reopen)."""
    panel = _panel(request, pk)
    if not permissions.can_decide(request.user, panel):
        raise PermissionDenied
    try:
        judgments.revoke_decision(panel, reason=request.POST.get("reason", ""), by=request.user)
        messages.success(request, _("The decision was revoked."))
    except services.ReviewError as error:
        messages.error(request, str(error))
    return redirect("reviews:panel-decide", pk)


@login_required
@require_POST
def panel_knockout(request, pk, application_pk):
    """The chair confirms or rejects reviewers' knock-out fails (panels with the chair rule)."""
    panel = _panel(request, pk)
    if not permissions.is_chair(request.user, panel):
        raise PermissionDenied
    application = get_object_or_404(
        Application.objects.filter(reviews__panel=panel).distinct(), pk=application_pk
    )
    if ConflictIndex([application]).conflicted_ids(request.user):
        raise Http404
    try:
        judgments.confirm_knockout(
            panel, application=application, failed=request.POST.get("failed") == "yes",
            reason=request.POST.get("reason", ""), by=request.user,
        )  # fmt: skip
        messages.success(request, _("The knock-out judgment was recorded."))
    except services.ReviewError as error:
        messages.error(request, str(error))
    return redirect("reviews:panel-ranking", pk)


@login_required
@require_POST
def panel_publish(request, pk):
    panel = _panel(request, pk)
    if not permissions.can_decide(request.user, panel):
        raise PermissionDenied
    try:
        services.publish_results(panel, by=request.user)
        messages.success(request, _("Results published to applicants."))
    except services.ReviewError as error:
        messages.error(request, str(error))
    return redirect("reviews:panel-decide", pk)


def invitation_accept(request, token):
    invitation = get_object_or_404(
        Invitation.objects.select_related("panel"), token=token, accepted_at__isnull=True
    )
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST":
        try:
            if request.user.is_authenticated:
                services.accept_invitation(invitation, user=request.user)
            elif form.is_valid():
                services.accept_invitation(invitation, **form.cleaned_data)
            else:
                raise services.ReviewError(_("Check the form."))
        except services.ReviewError as error:
            if form.is_bound:
                form.add_error(None, str(error))
            else:
                messages.error(request, str(error))
        else:
            messages.success(request, _("Welcome to the panel. Log in to sign the pledge."))
            return redirect("reviews:my-reviews" if request.user.is_authenticated else "login")
    return render(
        request, "reviews/invitation_accept.html", {"invitation": invitation, "form": form}
    )


@login_required
def results(request, application_pk):
    """Published results for the applicant team: score, grade, opinions, evaluators."""
    application = get_object_or_404(
        Application.objects.filter(team__members__user=request.user).select_related("call"),
        pk=application_pk,
    )
    panels = []
    objected = {o.panel_id: o for o in Objection.objects.filter(application=application)}
    manager = permissions.can_file_objection(request.user, application)
    now = timezone.now()
    for decision in (
        Decision.objects.current()
        .filter(application=application, panel__results_published_at__isnull=False)
        .select_related("panel__stage__call")
    ):
        deadline = objection_deadline(decision.panel)
        reviews = Review.objects.filter(
            panel=decision.panel, application=application, status__in=ACTIVE
        ).select_related("reviewer__organisation")
        panels.append(
            {
                "panel": decision.panel,
                "decision": decision,
                "objection": objected.get(decision.panel_id),
                "objection_deadline": deadline,
                "can_object": manager and decision.panel_id not in objected and now <= deadline,
                "grade": aggregation.grade(decision.score),
                "opinions": [r.summary_for_applicant for r in reviews if r.summary_for_applicant],
                "evaluators": sorted(
                    {
                        (m.user.display_name, str(m.user.organisation or ""))
                        for m in decision.panel.members.select_related("user__organisation")
                    }
                ),
            }
        )
    return render(request, "reviews/results.html", {"application": application, "panels": panels})
