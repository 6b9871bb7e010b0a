from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications import call_rules, permissions, queries, services
from applications.enums import ApplicationStatus
from applications.forms import (
    PART_FORMS,
    ApplicationFilterForm,
    AttachmentForm,
    DraftForm,
    InvitationForm,
    ParticipantForm,
    ReopenForm,
    TeamForm,
    part_form,
)
from applications.models import Invitation
from programmes import paging
from programmes.exports import table_response
from programmes.queries import get_call_for_user


def _add_errors(form, errors):
    """Put domain errors on the form's fields; the rest are returned for their sections."""
    rest = {}
    for field, field_messages in errors.items():
        for message in field_messages:
            if field in form.fields or field == "__all__":
                form.add_error(None if field == "__all__" else field, message)
            else:
                rest.setdefault(field, []).append(message)
    return rest


# Lists -------------------------------------------------------------------------------------


@login_required
def application_list(request):
    """Applicants see their own applications; ministry staff every submitted one, filtered."""
    filters = ApplicationFilterForm(request.GET or None, user=request.user)
    applications = queries.with_list_facts(queries.applications_visible_to(request.user))
    if filters.is_valid():
        applications = queries.filter_applications(applications, **filters.cleaned_data)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        if not permissions.is_staff_reader(request.user):
            raise PermissionDenied
        return _export(fmt, applications)
    # Exports carry every row; the page shows them fifty at a time (Pathfinder calls draw many).
    page = paging.get_page(applications, request.GET.get("page"))
    return render(
        request,
        "applications/application_list.html",
        {"applications": page, "page": page, "filters": filters},
    )


def _export(fmt, applications):
    headers = [
        _("Reference number"),
        _("Call"),
        _("Team"),
        _("Title"),
        _("Status"),
        _("Lead institution"),
        _("Lead organisation type"),
        _("Government funding (KRW)"),
        _("GPU requests"),
        _("Submitted at"),
    ]
    rows = []
    for a in applications:
        lead = a.team.leads[0].organisation if a.team.leads else None
        rows.append(
            [
                a.reference or "",
                a.call.notice_number,
                a.team.name_ko,
                a.title_ko,
                str(a.get_status_display()),
                lead.name_ko if lead else "",
                str(lead.get_type_display()) if lead else "",
                a.government_total,
                ", ".join(f"{g.gpu_type} × {g.count}" for g in a.gpu_requests.all()),
                a.submitted_at.isoformat() if a.submitted_at else "",
            ]
        )
    return table_response(fmt, "applications", headers, rows, sheet_title="applications")


# Teams -------------------------------------------------------------------------------------


@login_required
def team_create(request, call_pk):
    call = get_call_for_user(request.user, call_pk)
    if not call.is_open():
        messages.error(request, _("This call is not open for applications."))
        return redirect(call)
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            team = services.create_team(call=call, by=request.user, **form.cleaned_data)
        except services.DomainError as refusal:
            _add_errors(form, refusal.errors)
        else:
            messages.success(
                request, _("The team was created. Invite your members and start drafting.")
            )
            return redirect("application-edit", team.application.pk)
    return render(request, "applications/team_form.html", {"form": form, "call": call})


@login_required
def team_detail(request, pk):
    team = queries.get_team_for_user(request.user, pk)
    can_manage = permissions.can_change_team(request.user, team)
    invite = InvitationForm(request.POST if "invite" in request.POST else None, prefix="invite")
    participant = ParticipantForm(
        request.POST if "participant" in request.POST else None, prefix="participant"
    )
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        try:
            if "invite" in request.POST and invite.is_valid():
                services.invite_member(team=team, by=request.user, **invite.cleaned_data)
                messages.success(request, _("The invitation was sent."))
                return redirect("team-detail", team.pk)
            if "participant" in request.POST and participant.is_valid():
                services.add_participant(team=team, by=request.user, **participant.cleaned_data)
                return redirect("team-detail", team.pk)
            if "remove_participant" in request.POST:
                found = [
                    p
                    for p in team.participants.all()
                    if str(p.pk) == request.POST["remove_participant"]
                ]
                if found:
                    services.remove_participant(participant=found[0], by=request.user)
                return redirect("team-detail", team.pk)
        except services.DomainError as error:
            form = invite if "invite" in request.POST else participant
            _add_errors(form, error.errors)
    return render(
        request,
        "applications/team_detail.html",
        {
            "team": team,
            "can_manage": can_manage,
            "frozen": team.application.status != ApplicationStatus.DRAFT,
            "invite": invite,
            "participant": participant,
        },
    )


@login_required
def invitation_accept(request, token):
    invitation = (
        Invitation.objects.select_related("team", "team__call")
        .filter(token=token, accepted_at__isnull=True)
        .first()
    )
    if invitation is None:
        raise Http404
    if request.method == "POST":
        try:
            member = services.accept_invitation(token=token, by=request.user)
        except services.InvitationRefused as refusal:
            for message in sum(refusal.errors.values(), []):
                messages.error(request, message)
            return redirect("home")
        messages.success(request, _("You joined the team."))
        return redirect("application-detail", member.team.application.pk)
    return render(request, "applications/invitation_accept.html", {"invitation": invitation})


# Applications ------------------------------------------------------------------------------


def _detail_context(request, application):
    user = request.user
    context = {
        "application": application,
        "can_edit": permissions.can_edit_application(user, application),
        "is_member": permissions.is_member(user, application.team),
        "can_withdraw": permissions.can_withdraw_application(user, application),
        "can_reopen": permissions.can_reopen_application(user, application),
        "can_see_history": permissions.can_see_history(user, application),
        "reopen_form": ReopenForm(),
        "budget_summary": queries.budget_summary(application),
    }
    if context["can_see_history"]:
        context["history"] = application.history.select_related("history_user").order_by(
            "-history_date", "-history_id"
        )[:200]
    return context


@login_required
def application_detail(request, pk):
    application = queries.get_application_for_user(request.user, pk)
    return render(
        request, "applications/application_detail.html", _detail_context(request, application)
    )


def _edit_context(application, form, section_errors=None, **forms):
    context = {
        "application": application,
        "form": form,
        "section_errors": section_errors or {},
        "budget_summary": queries.budget_summary(application),
        "second_application": call_rules.second_application_problem(application),
        "same_team_applications": (
            list(call_rules.same_team_applications(application))
            if application.call.allows_several_applications
            else []
        ),
        "attachment_form": forms.pop("attachment_form", None) or AttachmentForm(),
        "part_forms": {
            kind: forms.get(kind) or part_form(kind, application) for kind in PART_FORMS
        },
    }
    return context


@login_required
def application_edit(request, pk):
    """Save what is valid, report each invalid field beside it; htmx autosaves on change."""
    application = queries.get_application_for_user(request.user, pk, write=True)
    form = DraftForm(request.POST or None, instance=application)
    if request.method != "POST":
        return render(
            request, "applications/application_edit.html", _edit_context(application, form)
        )
    # Autosaves (static/js/applications.js) get the form alone and merge it into the page.
    is_autosave = (
        request.headers.get("X-Autosave") == "true" or request.headers.get("HX-Request") == "true"
    )
    changes = form.valid_changes()
    invalid = bool(form.errors)
    saved, stale = True, False
    try:
        services.save_draft(
            application, changes=changes, version=request.POST.get("version"), by=request.user
        )
    except services.DomainError as refusal:
        _add_errors(form, refusal.errors)
        saved = False
        stale = isinstance(refusal, services.StaleVersion)
    else:
        if not invalid and not is_autosave:
            messages.success(request, _("The draft was saved."))
            return redirect("application-edit", application.pk)
        # The stored (normalised) values, except where the input was refused: that stays.
        refused = {name: request.POST.get(name, "") for name in form.errors}
        form = _bound_draft_form(application, keep=refused)
    template = (
        "applications/_draft_form.html" if is_autosave else "applications/application_edit.html"
    )
    return render(
        request,
        template,
        {**_edit_context(application, form), "saved": saved, "stale": stale, "refused": not saved},
    )


def _bound_draft_form(application, keep=None):
    """The stored draft as a bound form, so that refusals can be shown on its fields; `keep`
    maps fields to raw input to show instead of the stored value."""
    unbound = DraftForm(instance=application)
    data = {name: unbound[name].value() for name in unbound.fields}
    data = {k: "" if v is None else v for k, v in data.items()} | (keep or {})
    form = DraftForm(data, instance=application)
    form.is_valid()
    return form


@login_required
@require_POST
def part_add(request, pk, kind):
    if kind not in PART_FORMS:
        raise Http404
    application = queries.get_application_for_user(request.user, pk, write=True)
    form = part_form(kind, application, request.POST)
    if form.is_valid():
        try:
            services.add_part(application, kind=kind, values=form.cleaned_data, by=request.user)
            return redirect(f"{application.get_absolute_url()}edit/#{kind}")
        except services.DomainError as error:
            _add_errors(form, error.errors)
    return render(
        request,
        "applications/application_edit.html",
        _edit_context(application, DraftForm(instance=application), **{kind: form}),
    )


@login_required
@require_POST
def part_remove(request, pk, kind, part_pk):
    if kind not in PART_FORMS:
        raise Http404
    application = queries.get_application_for_user(request.user, pk, write=True)
    services.remove_part(application, kind=kind, pk=part_pk, by=request.user)
    return redirect(f"{application.get_absolute_url()}edit/#{kind}")


@login_required
@require_POST
def attachment_upload(request, pk):
    application = queries.get_application_for_user(request.user, pk, write=True)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attach_document(
                application,
                kind=form.cleaned_data["kind"],
                uploaded_file=form.cleaned_data["file"],
                by=request.user,
            )
            messages.success(request, _("The document was attached."))
            return redirect(f"{application.get_absolute_url()}edit/#attachments")
        except services.AttachmentRefused as refusal:
            _add_errors(form, refusal.errors)
    return render(
        request,
        "applications/application_edit.html",
        _edit_context(application, DraftForm(instance=application), attachment_form=form),
        status=400,
    )


@login_required
@require_POST
def attachment_remove(request, pk):
    attachment = queries.get_attachment_for_user(request.user, pk)
    if not permissions.can_edit_application(request.user, attachment.application):
        raise PermissionDenied
    services.remove_attachment(attachment, by=request.user)
    return redirect(f"{attachment.application.get_absolute_url()}edit/#attachments")


@login_required
def attachment_download(request, pk):
    attachment = queries.get_attachment_for_user(request.user, pk)
    return attachment_response(attachment)


def attachment_response(attachment):
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def application_withdraw(request, pk):
    application = queries.get_application_for_user(request.user, pk)
    if not permissions.can_withdraw_application(request.user, application):
        raise PermissionDenied
    try:
        services.withdraw_application(application, by=request.user)
        messages.success(request, _("The application was withdrawn."))
    except services.DomainError as error:
        for message in sum(error.errors.values(), []):
            messages.error(request, message)
    return redirect(application)


@login_required
@require_POST
def application_reopen(request, pk):
    application = queries.get_application_for_user(request.user, pk)
    if not permissions.can_reopen_application(request.user, application):
        raise PermissionDenied
    form = ReopenForm(request.POST)
    try:
        services.reopen_application(
            application, by=request.user, reason=request.POST.get("reason", "")
        )
        messages.success(request, _("The application was reopened as a new version."))
    except services.DomainError as error:
        for message in sum(error.errors.values(), []):
            messages.error(request, message)
    del form
    return redirect(application)
