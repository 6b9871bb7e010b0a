from django.contrib import messages
from django.contrib.auth import password_validation
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import consent, permissions, services
from accounts.forms import OrganisationFilterForm, RegistrationForm, SanctionForm
from accounts.models import Organisation, Sanction


@require_http_methods(["GET", "POST"])
def register(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = services.register_applicant(
            username=data["username"],
            email=data["email"],
            password=data["password1"],
            full_name=data["full_name"],
            organisation=data["organisation"],
            proposed_organisation=form.proposed_organisation(),
            department_name=data["department"],
            privacy_consent_version=data["privacy_version"],
            terms_version=data["terms_version"],
        )
        return render(request, "registration/register_done.html", {"email": user.email})
    return render(
        request,
        "registration/register.html",
        {
            "form": form,
            "privacy_notice": consent.PRIVACY_NOTICE,
            "terms": consent.TERMS,
            "password_rules": password_validation.password_validators_help_texts(),
        },
    )


def verify_email(request, token):
    try:
        services.verify_email(token)
    except services.VerificationFailed as failure:
        return render(
            request, "registration/verify_failed.html", {"reason": str(failure)}, status=400
        )
    messages.success(request, _("Your e-mail address is confirmed. You can log in now."))
    return redirect("login")


def _require(predicate, user):
    if not predicate(user):
        raise PermissionDenied


@login_required
def organisation_list(request):
    _require(permissions.can_view_register, request.user)
    filters = OrganisationFilterForm(request.GET or None)
    organisations = (
        Organisation.objects.prefetch_related("email_domains", "departments", "sanctions")
        .annotate(people_count=Count("people", distinct=True))
        .order_by("is_confirmed", "name_ko")
    )
    if filters.is_valid():
        data = filters.cleaned_data
        if data["q"]:
            organisations = organisations.filter(
                Q(name_ko__icontains=data["q"])
                | Q(name_en__icontains=data["q"])
                | Q(business_number__contains=data["q"])
            )
        if data["type"]:
            organisations = organisations.filter(type=data["type"])
        if data["unconfirmed"]:
            organisations = organisations.filter(is_confirmed=False)
    page = Paginator(organisations, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/organisation_list.html",
        {
            "page": page,
            "filters": filters,
            "today": timezone.localdate(),
            "can_manage": permissions.can_manage_organisations(request.user),
        },
    )


@login_required
@require_POST
def organisation_confirm(request, pk):
    _require(permissions.can_view_register, request.user)
    organisation = get_object_or_404(Organisation, pk=pk)
    _require(permissions.can_manage_organisations, request.user)
    services.confirm_organisation(organisation, by=request.user)
    messages.success(request, _("%(name)s is confirmed.") % {"name": organisation.name})
    return redirect("organisation-list")


@login_required
def sanction_list(request):
    _require(permissions.can_view_register, request.user)
    can_manage = permissions.can_manage_organisations(request.user)
    form = SanctionForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        _require(permissions.can_manage_organisations, request.user)
        if form.is_valid():
            try:
                services.impose_sanction(**form.cleaned_data, by=request.user)
            except services.SanctionRefused as refusal:
                for field, problems in refusal.errors.items():
                    for problem in problems:
                        form.add_error(field, problem)
            else:
                messages.success(request, _("The sanction is in the register."))
                return redirect("sanction-list")
    sanctions = Sanction.objects.select_related("organisation", "created_by")
    page = Paginator(sanctions, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/sanction_list.html",
        {"page": page, "form": form, "today": timezone.localdate()},
    )
