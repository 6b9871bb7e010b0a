"""Progress report pages: officers set reports due and accept or return them; the team's
manager fills in the KPIs and submits."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards import permissions, queries, reports
from awards.forms import JudgeReportForm, ReportFilterForm, ReportForm, ReportScheduleForm
from awards.models import ProgressReport
from awards.services import AwardRefused
from awards.views import add_errors, form_page


@login_required
def report_list(request):
    filters = ReportFilterForm(request.GET or None)
    visible = queries.awards_visible_to(request.user)
    items = (
        ProgressReport.objects.filter(award__in=visible)
        .select_related("award__application__team", "phase")
        .order_by("due_on", "id")
    )
    if filters.is_valid() and filters.cleaned_data["status"]:
        items = items.filter(status=filters.cleaned_data["status"])
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    return render(request, "awards/report_list.html",
                  {"reports": page, "page": page, "filters": filters})  # fmt: skip


@login_required
def report_schedule(request, pk):
    award = queries.get_award_for_user(request.user, pk, write=True)
    form = ReportScheduleForm(request.POST or None, award=award)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["phase"] = form.phases.get(data["phase"])
        try:
            report = reports.schedule_report(award, by=request.user, **data)
        except AwardRefused as refusal:
            add_errors(form, refusal.errors)
        else:
            messages.success(request, _("The report was set due."))
            return redirect("awards:report-detail", report.pk)
    return form_page(request, title=_("Set a progress report due"), form=form, award=award,
                     submit=_("Set due"))  # fmt: skip


def _page(request, report, *, form=None, judge=None):
    user = request.user
    award = report.award
    can_submit = permissions.can_submit_report(user, award) and report.status in (
        "draft",
        "returned",
    )
    can_judge = permissions.can_manage_awards(user) and report.status == "submitted"
    return render(request, "awards/report_detail.html", {
        "report": report, "award": award, "kpis": report.kpis.all(),
        "form": form or (ReportForm(report=report) if can_submit else None),
        "judge": judge or (JudgeReportForm() if can_judge else None),
    })  # fmt: skip


@login_required
def report_detail(request, pk):
    report = queries.get_report_for_user(request.user, pk)
    if request.method == "POST":
        if not permissions.can_submit_report(request.user, report.award):
            raise PermissionDenied
        form = ReportForm(request.POST, report=report)
        if form.is_valid():
            try:
                reports.submit_report(report, by=request.user, summary=form.cleaned_data["summary"],
                                      figures=form.figures())  # fmt: skip
            except AwardRefused as refusal:
                add_errors(form, {("kpi-" + k if k in dict(form.figures()) else k): v
                                  for k, v in refusal.errors.items()})  # fmt: skip
            else:
                messages.success(request, _("Report submitted."))
                return redirect("awards:report-detail", pk)
        return _page(request, report, form=form)
    return _page(request, report)


@login_required
@require_POST
def report_judge(request, pk):
    report = queries.get_report_for_user(request.user, pk)
    if not permissions.can_manage_awards(request.user):
        raise PermissionDenied
    judge = JudgeReportForm(request.POST)
    if judge.is_valid():
        comment = judge.cleaned_data["comment"]
        try:
            if request.POST.get("decision") == "accept":
                reports.accept_report(report, by=request.user, comment=comment)
                messages.success(request, _("Report accepted."))
            else:
                reports.return_report(report, by=request.user, comment=comment)
                messages.success(request, _("Report returned to the team."))
        except AwardRefused as refusal:
            add_errors(judge, {"comment" if k == "review_comment" else k: v
                               for k, v in refusal.errors.items()})  # fmt: skip
            return _page(request, report, judge=judge)
    return redirect("awards:report-detail", pk)
