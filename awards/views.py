"""HTML pages of awards: list, detail, creation, deliberation, acceptance, amendment,
termination and the audit timeline. Each view calls one service and shows its refusal."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications.enums import ApplicationStatus, BudgetCategory, FundingSource
from applications.models import Application
from applications.queries import get_application_for_user
from awards import page_links, permissions, queries, services, timeline
from awards.forms import AmendForm, AwardFilterForm, AwardForm, FundingForm, ReasonForm
from awards.services import AwardRefused


def add_errors(form, errors):
    for field, field_messages in errors.items():
        for message in field_messages:
            form.add_error(field if field in form.fields else None, message)


def form_page(request, *, title, form, award=None, submit, extra=None, template=None):
    context = {"title": title, "form": form, "award": award, "submit": submit, **(extra or {})}
    return render(request, template or "awards/form_page.html", context)


def funding_table(lines, years):
    """Rows of (source label, category label, [amount per year], total), plus a totals row
    per source: the deliberated funding as a letter or a ministry table shows it."""
    cells = {}
    for line in lines:
        cells[(line.source, line.category, line.fiscal_year)] = line.amount
    rows = []
    for source in FundingSource.values:
        keys = sorted({(c, y) for (s, c, y) in cells if s == source})
        for category in BudgetCategory.values:
            if not any(c == category for c, _y in keys):
                continue
            amounts = [cells.get((source, category, y), 0) for y in years]
            rows.append((FundingSource(source).label, BudgetCategory(category).label, amounts,
                         sum(amounts)))  # fmt: skip
    return rows


@login_required
def award_list(request):
    filters = AwardFilterForm(request.GET or None)
    awards = queries.with_list_facts(queries.awards_visible_to(request.user)).order_by("number")
    if filters.is_valid() and filters.cleaned_data["status"]:
        awards = awards.filter(status=filters.cleaned_data["status"])
    page = Paginator(awards, 50).get_page(request.GET.get("page"))
    totals = queries.tranche_totals([a.pk for a in page])
    for award in page:
        award.committed, award.paid = totals.get(award.pk, (0, 0))
    awaiting = []
    if permissions.can_manage_awards(request.user):
        awaiting = Application.objects.filter(
            status=ApplicationStatus.SELECTED, award__isnull=True
        ).select_related("team", "call__programme")
    return render(request, "awards/award_list.html", {"awards": page, "page": page,
                  "filters": filters, "awaiting": awaiting})  # fmt: skip


@login_required
def award_detail(request, pk):
    award = queries.get_award_for_user(request.user, pk)
    user = request.user
    years = list(range(award.starts_on.year, award.ends_on.year + 1))
    funding = funding_table(award.funding.all(), years)
    balances = [queries.balance(award, year) for year in years]
    context = {
        "award": award,
        "years": years,
        "funding": funding,
        "balances": balances,
        "phases": award.phases.all(),
        "conditions": award.conditions.all(),
        "in_kind": award.in_kind.all(),
        "tranches": award.tranches.select_related("requested_by", "approved_by", "phase"),
        "reports": award.reports.select_related("phase"),
        "carry_overs": award.carry_overs.select_related("requested_by", "decided_by"),
        "settlement": award.settlement.select_related("phase"),
        "cash_receipts": award.cash_receipts.all(),
        "lead": award.application.team.participants.filter(role="lead")
        .select_related("organisation")
        .first(),
        "can_manage": permissions.can_manage_awards(user),
        "can_handle_money": permissions.can_handle_money(user),
        "can_accept": permissions.can_accept_agreement(user, award) and award.status == "offered",
        "can_see_money": permissions.can_view_money(user),
        "links": page_links.links_for(user, award),
    }
    return render(request, "awards/award_detail.html", context)


@login_required
def award_create(request, application_pk):
    if not permissions.can_manage_awards(request.user):
        raise PermissionDenied
    application = get_application_for_user(request.user, application_pk)
    form = AwardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            award = services.create_award(application, by=request.user, **form.cleaned_data)
        except AwardRefused as refusal:
            add_errors(form, refusal.errors)
        else:
            messages.success(request, _("Award %(number)s created.") % {"number": award.number})
            return redirect("awards:award-funding", award.pk)
    return form_page(request, title=_("Award for %(ref)s") % {"ref": application.reference},
                     form=form, submit=_("Create the award"))  # fmt: skip


@login_required
def award_funding(request, pk):
    award = queries.get_award_for_user(request.user, pk, write=True)
    form = FundingForm(request.POST or None, award=award)
    if request.method == "POST" and form.is_valid():
        try:
            services.deliberate_budget(award, funding=form.funding(), by=request.user,
                                       reason=form.cleaned_data["reason"])  # fmt: skip
        except AwardRefused as refusal:
            add_errors(form, refusal.errors)
        else:
            messages.success(request, _("The funding was adjusted."))
            return redirect(award)
    return render(request, "awards/funding_form.html", {"award": award, "form": form})


@login_required
@require_POST
def award_accept(request, pk):
    award = queries.get_award_for_user(request.user, pk, write=permissions.can_accept_agreement)
    try:
        services.accept_agreement(award, by=request.user)
    except AwardRefused as refusal:
        for field_messages in refusal.errors.values():
            for message in field_messages:
                messages.error(request, message)
    else:
        messages.success(request, _("You accepted the agreement. The award is now active."))
    return redirect(award)


@login_required
def award_amend(request, pk):
    award = queries.get_award_for_user(request.user, pk, write=True)
    initial = {"ends_on": award.ends_on, "agreement_deadline": award.agreement_deadline,
               "conditions": "\n".join(c.text_ko for c in award.conditions.all())}  # fmt: skip
    form = AmendForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.amend_agreement(award, by=request.user, **form.cleaned_data)
        except AwardRefused as refusal:
            add_errors(form, refusal.errors)
        else:
            messages.success(request, _("The agreement was amended."))
            return redirect(award)
    return form_page(request, title=_("Amend the agreement"), form=form, award=award,
                     submit=_("Amend"))  # fmt: skip


@login_required
def award_terminate(request, pk):
    award = queries.get_award_for_user(request.user, pk, write=True)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.terminate_award(award, by=request.user, reason=form.cleaned_data["reason"])
        except AwardRefused as refusal:
            add_errors(form, refusal.errors)
        else:
            messages.success(request, _("The award was terminated."))
            return redirect(award)
    return form_page(request, title=_("Terminate the award"), form=form, award=award,
                     submit=_("Terminate"))  # fmt: skip


@login_required
def award_timeline(request, pk):
    award = queries.get_award_for_user(request.user, pk, write=lambda u, a: u.is_staff_reader)
    return render(request, "awards/timeline.html",
                  {"award": award, "entries": timeline.entries(award)})  # fmt: skip
