"""Pages of objections (이의신청): the team files one, officers decide it, auditors read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications.views import attachment_response
from reviews import objection_queries as queries
from reviews import objections, permissions
from reviews.forms import ObjectionDecisionForm, ObjectionFilterForm, ObjectionForm
from reviews.models import Objection


def _add_errors(form, errors):
    for field, problems in errors.items():
        for problem in problems:
            form.add_error(
                None if field == "__all__" or field not in form.fields else field, problem
            )


@login_required
def objection_list(request):
    """Officers and auditors: every objection; applicants: their teams' objections."""
    filters = ObjectionFilterForm(request.GET or None)
    rows = queries.objection_list(request.user)
    if filters.is_valid() and filters.cleaned_data["status"]:
        rows = rows.filter(status=filters.cleaned_data["status"])
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "reviews/objection_list.html",
        {
            "page": page,
            "filters": filters,
            "reads_all": permissions.can_read_all_objections(request.user),
        },
    )


@login_required
def objection_file(request, decision_pk):
    """The team's manager files an objection to a published result."""
    decision = queries.get_published_decision_for_member(request.user, decision_pk)
    if not permissions.can_file_objection(request.user, decision.application):
        raise PermissionDenied
    filed = Objection.objects.filter(panel=decision.panel, application=decision.application)
    if filed.exists():
        messages.info(request, _("An objection to this result has already been filed."))
        return redirect(filed.get())
    deadline = objections.objection_deadline(decision.panel)
    form = ObjectionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            objection = objections.file_objection(
                decision=decision,
                grounds=form.cleaned_data["grounds"],
                files=form.cleaned_data["files"],
                by=request.user,
            )
        except objections.ObjectionRefused as refusal:
            _add_errors(form, refusal.errors)
        else:
            messages.success(request, _("Your objection has been filed."))
            return redirect(objection)
    return render(
        request,
        "reviews/objection_form.html",
        {
            "decision": decision,
            "form": form,
            "deadline": deadline,
            "closed": deadline is not None and timezone.now() > deadline,
        },
        status=400 if form.errors else 200,
    )


def _detail(request, objection, decide_form=None, status=200):
    return render(
        request,
        "reviews/objection_detail.html",
        {
            "objection": objection,
            "deadline": objections.objection_deadline(objection.panel),
            "can_decide": permissions.can_decide_objection(request.user),
            "decide_form": decide_form or ObjectionDecisionForm(),
        },
        status=status,
    )


@login_required
def objection_detail(request, pk):
    return _detail(request, queries.get_objection_for_user(request.user, pk))


@login_required
@require_POST
def objection_decide(request, pk):
    objection = queries.get_objection_for_user(request.user, pk)
    if not permissions.can_decide_objection(request.user):
        raise PermissionDenied
    form = ObjectionDecisionForm(request.POST)
    if form.is_valid():
        try:
            objections.decide_objection(
                objection,
                upheld=form.cleaned_data["outcome"] == "upheld",
                reasons=form.cleaned_data["reasons"],
                by=request.user,
            )
        except objections.ObjectionRefused as refusal:
            _add_errors(form, refusal.errors)
        else:
            messages.success(request, _("The objection has been decided."))
            return redirect(objection)
    return _detail(request, objection, decide_form=form, status=400)


@login_required
@require_POST
def objection_reopen(request, pk):
    objection = queries.get_objection_for_user(request.user, pk)
    if not permissions.can_decide_objection(request.user):
        raise PermissionDenied
    try:
        objections.reopen_decision(
            objection, by=request.user, reason=request.POST.get("reason", "")
        )
    except objections.ObjectionRefused as refusal:
        for problems in refusal.errors.values():
            for problem in problems:
                messages.error(request, problem)
    else:
        messages.success(
            request, _("The panel's decision has been revoked; the panel decides again.")
        )
    return redirect(objection)


@login_required
def objection_attachment(request, pk, file_pk):
    return attachment_response(
        queries.get_objection_file_for_user(request.user, file_pk, objection_pk=pk)
    )
