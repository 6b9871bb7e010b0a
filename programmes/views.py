from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.enums import OrganisationType
from programmes import permissions, services, workqueue
from programmes.forms import BudgetFormSet, CallForm, ProgrammeForm, StageFormSet
from programmes.queries import get_call_for_user, get_programme_for_user, programmes_with_calls


def home(request):
    """Staff land on what waits for them (the work queue); everyone sees the programmes."""
    user = request.user
    staff = user.is_authenticated and user.is_staff_reader
    return render(
        request,
        "programmes/home.html",
        {
            "programmes": programmes_with_calls(user),
            "work": workqueue.work_for(user) if staff else None,
        },
    )


def programme_list(request):
    return render(
        request,
        "programmes/programme_list.html",
        {"programmes": programmes_with_calls(request.user)},
    )


def programme_detail(request, code):
    programme = get_programme_for_user(request.user, code)
    return render(
        request,
        "programmes/programme_detail.html",
        {"programme": programme, "can_manage": permissions.can_manage_calls(request.user)},
    )


def call_detail(request, pk):
    call = get_call_for_user(request.user, pk)
    type_order = OrganisationType.values
    share_rules = sorted(
        call.share_rules.all(), key=lambda r: type_order.index(r.organisation_type)
    )
    return render(
        request,
        "programmes/call_detail.html",
        {
            "call": call,
            "share_rules": share_rules,
            "can_manage": permissions.can_manage_calls(request.user),
        },
    )


def _edit_call(request, call):
    if not permissions.can_manage_calls(request.user):
        raise PermissionDenied
    initial = {"programme": request.GET.get("programme")} if call is None else None
    form = CallForm(request.POST or None, instance=call, initial=initial)
    stages = StageFormSet(request.POST or None, instance=call, prefix="stages")
    if request.method == "POST" and form.is_valid() and stages.is_valid():
        call = services.save_call(form, stages, by=request.user)
        messages.success(request, _("The call was saved."))
        return redirect(call)
    return render(
        request, "programmes/call_form.html", {"form": form, "stages": stages, "call": call}
    )


@login_required
def call_create(request):
    return _edit_call(request, None)


@login_required
def call_edit(request, pk):
    call = get_call_for_user(request.user, pk)
    return _edit_call(request, call)


def _edit_programme(request, programme):
    if not permissions.can_manage_calls(request.user):
        raise PermissionDenied
    form = ProgrammeForm(request.POST or None, instance=programme)
    budgets = BudgetFormSet(request.POST or None, instance=programme, prefix="budgets")
    if request.method == "POST" and form.is_valid() and budgets.is_valid():
        programme = services.save_programme(form, budgets, by=request.user)
        messages.success(request, _("The programme was saved."))
        return redirect(programme)
    return render(
        request,
        "programmes/programme_form.html",
        {"form": form, "budgets": budgets, "programme": programme},
    )


@login_required
def programme_create(request):
    return _edit_programme(request, None)


@login_required
def programme_edit(request, code):
    programme = get_programme_for_user(request.user, code)
    return _edit_programme(request, programme)
