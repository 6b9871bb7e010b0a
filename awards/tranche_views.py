"""Pages for money: tranches (schedule, request, approve, pay, cancel), cash shares,
carry-overs and settlement. The remaining balance of the fiscal year is shown on every form
that asks for or releases money; approval re-checks it under the row lock."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.two_factor import require_recent_authentication
from awards import disbursements, permissions, queries, settlement
from awards.enums import OPEN
from awards.forms import (
    CancelForm,
    CarryOverForm,
    CashShareForm,
    PayForm,
    RecoveryForm,
    SettlementForm,
    TrancheFilterForm,
    TrancheForm,
)
from awards.models import CarryOver, SettlementLine, Tranche
from awards.reasons import reason_label
from awards.services import AwardRefused
from awards.views import add_errors, form_page


def _may(predicate, user):
    if not predicate(user):
        raise PermissionDenied


@login_required
def tranche_list(request):
    _may(permissions.can_view_money, request.user)
    filters = TrancheFilterForm(request.GET or None)
    tranches = Tranche.objects.select_related(
        "award__application__team", "requested_by", "approved_by"
    ).order_by("due_on", "id")
    if filters.is_valid():
        if filters.cleaned_data["status"]:
            tranches = tranches.filter(status=filters.cleaned_data["status"])
        if filters.cleaned_data["overdue"]:
            tranches = tranches.filter(status__in=OPEN, due_on__lt=timezone.localdate())
    page = Paginator(tranches, 50).get_page(request.GET.get("page"))
    return render(request, "awards/tranche_list.html",
                  {"tranches": page, "page": page, "filters": filters})  # fmt: skip


@login_required
def tranche_create(request, pk):
    award = queries.get_award_for_user(
        request.user, pk, write=lambda u, a: u.is_officer or u.is_finance
    )
    form = TrancheForm(request.POST or None, initial={"fiscal_year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            tranche = disbursements.schedule_tranche(award, by=request.user, **form.cleaned_data)
        except AwardRefused as refusal:
            add_errors(form, refusal.errors)
        else:
            messages.success(request, _("The tranche was scheduled."))
            return redirect("awards:tranche-detail", tranche.pk)
    balances = [
        queries.balance(award, y) for y in range(award.starts_on.year, award.ends_on.year + 1)
    ]
    return form_page(request, title=_("Schedule a tranche"), form=form, award=award,
                     submit=_("Schedule"), extra={"balances": balances})  # fmt: skip


def _tranche_context(request, pk):
    tranche = queries.get_tranche_for_user(request.user, pk)
    user = request.user
    is_finance = permissions.can_handle_money(user)
    status = tranche.status
    balance = queries.balance(tranche.award, tranche.fiscal_year)
    context = {
        "tranche": tranche,
        "award": tranche.award,
        "balance": balance,
        "after_this": balance.remaining - tranche.amount,
        "amount_in_won": f"{tranche.amount:,}",
        "blockers": disbursements.release_blockers(tranche)
        if status in ("planned", "requested")
        else [],
        "can_request": is_finance and status == "planned",
        "can_approve": is_finance and status == "requested" and tranche.requested_by_id != user.pk,
        "own_request": status == "requested" and tranche.requested_by_id == user.pk,
        "can_pay": is_finance and status == "approved",
        "can_cancel": permissions.can_cancel_tranche(user) and status in ("planned", "requested"),
        "pay_form": PayForm(initial={"paid_on": timezone.localdate()}),
        "cancel_form": CancelForm(),
        "history": [
            (h, reason_label(h.history_change_reason))
            for h in tranche.history.select_related("history_user").order_by("-history_id")
        ],
    }
    return context


def _tranche_page(request, pk, **forms):
    context = _tranche_context(request, pk)
    context.update(forms)
    return render(request, "awards/tranche_detail.html", context)


@login_required
def tranche_detail(request, pk):
    return _tranche_page(request, pk)


def _act(request, pk, action, *, form_class=None, form_key=None, success):
    tranche = queries.get_tranche_for_user(request.user, pk)
    allowed = permissions.can_cancel_tranche if action == "cancel" else permissions.can_handle_money
    _may(allowed, request.user)
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        return _tranche_page(request, pk, **{form_key: form})
    data = form.cleaned_data if form else {}
    try:
        if action == "request":
            disbursements.request_tranche(tranche, by=request.user)
        elif action == "approve":
            disbursements.approve_tranche(tranche, by=request.user)
        elif action == "pay":
            disbursements.pay_tranche(tranche, by=request.user, reference=data["payment_reference"],
                                      paid_on=data["paid_on"])  # fmt: skip
        else:
            disbursements.cancel_tranche(tranche, by=request.user, reason=data["cancel_reason"])
    except AwardRefused as refusal:
        if form is not None:
            add_errors(form, refusal.errors)
            return _tranche_page(request, pk, **{form_key: form})
        for field_messages in refusal.errors.values():
            for message in field_messages:
                messages.error(request, message)
        return redirect("awards:tranche-detail", pk)
    messages.success(request, success)
    return redirect("awards:tranche-detail", pk)


@login_required
@require_POST
def tranche_request(request, pk):
    return _act(
        request,
        pk,
        "request",
        success=_("Release requested. Another finance officer must approve it."),
    )


@login_required
@require_POST
@require_recent_authentication
def tranche_approve(request, pk):
    return _act(request, pk, "approve", success=_("Tranche approved."))


@login_required
@require_POST
@require_recent_authentication
def tranche_pay(request, pk):
    return _act(
        request, pk, "pay", form_class=PayForm, form_key="pay_form", success=_("Payment recorded.")
    )


@login_required
@require_POST
def tranche_cancel(request, pk):
    return _act(request, pk, "cancel", form_class=CancelForm, form_key="cancel_form",
                success=_("Tranche cancelled."))  # fmt: skip


# Cash shares, carry-overs, settlement ------------------------------------------------------


@login_required
def cash_share_create(request, pk):
    award = queries.get_award_for_user(request.user, pk, write=lambda u, a: u.is_finance)
    form = CashShareForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            disbursements.record_cash_share(award, by=request.user, **form.cleaned_data)
        except AwardRefused as refusal:
            add_errors(form, refusal.errors)
        else:
            messages.success(request, _("The cash share was recorded."))
            return redirect(award)
    return form_page(request, title=_("Record the institution's cash share"), form=form,
                     award=award, submit=_("Record"))  # fmt: skip


@login_required
def carry_over_create(request, pk):
    award = queries.get_award_for_user(
        request.user, pk, write=lambda u, a: u.is_finance or u.is_officer
    )
    form = CarryOverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            settlement.request_carry_over(award, by=request.user, **form.cleaned_data)
        except AwardRefused as refusal:
            add_errors(form, refusal.errors)
        else:
            messages.success(request, _("Carry-over requested: an officer decides."))
            return redirect(award)
    balances = [
        queries.balance(award, y) for y in range(award.starts_on.year, award.ends_on.year + 1)
    ]
    return form_page(request, title=_("Request a carry-over"), form=form, award=award,
                     submit=_("Request"), extra={"balances": balances})  # fmt: skip


@login_required
@require_POST
def carry_over_decide(request, pk):
    carry = CarryOver.objects.filter(pk=pk).first()
    if carry is None:
        raise Http404
    award = queries.get_award_for_user(request.user, carry.award_id, write=True)
    try:
        settlement.decide_carry_over(carry, approve=request.POST.get("decision") == "approve",
                                     by=request.user)  # fmt: skip
    except AwardRefused as refusal:
        for field_messages in refusal.errors.values():
            for message in field_messages:
                messages.error(request, message)
    else:
        messages.success(request, _("The carry-over was decided."))
    return redirect(award)


@login_required
def settlement_edit(request, pk, phase_number):
    award = queries.get_award_for_user(request.user, pk, write=True)
    phase = award.phases.filter(number=phase_number).first()
    if phase is None:
        raise Http404
    form = SettlementForm(request.POST or None, phase=phase)
    if request.method == "POST" and form.is_valid():
        try:
            settlement.settle_phase(phase, lines=form.lines(), by=request.user)
        except AwardRefused as refusal:
            add_errors(form, refusal.errors)
        else:
            messages.success(request, _("The settlement was recorded."))
            return redirect(award)
    return render(request, "awards/settlement_form.html", {
        "award": award, "phase": phase, "form": form, "paid": settlement.paid_in_phase(phase),
    })  # fmt: skip


@login_required
def recovery_create(request, pk):
    line = SettlementLine.objects.filter(pk=pk).first()
    if line is None:
        raise Http404
    award = queries.get_award_for_user(request.user, line.award_id, write=True)
    form = RecoveryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            settlement.record_recovery(
                line, by=request.user, amount=form.cleaned_data["amount"],
                recovered_on=form.cleaned_data["recovered_on"],
                reference=form.cleaned_data["recovery_reference"],
            )  # fmt: skip
        except AwardRefused as refusal:
            add_errors(form, refusal.errors)
        else:
            messages.success(request, _("The recovery was recorded."))
            return redirect(award)
    return form_page(request, title=_("Record a recovery"), form=form, award=award,
                     submit=_("Record"), extra={"line": line})  # fmt: skip
