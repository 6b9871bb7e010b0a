"""Submitting an application: the confirmation step, the receipt and its PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from applications import queries, receipts, services
from applications.views import _add_errors, _bound_draft_form, _edit_context
from programmes.pdf import render_pdf


@login_required
@require_http_methods(["GET", "POST"])
def application_submit(request, pk):
    """GET asks for confirmation with a summary of what goes in; POST submits."""
    application = queries.get_application_for_user(request.user, pk, write=True)
    if request.method == "GET":
        return render(
            request,
            "applications/submit_confirm.html",
            {
                "application": application,
                "budget_summary": queries.budget_summary(application),
                "documents": application.attachments.all(),
            },
        )
    try:
        services.submit_application(
            application, by=request.user, version=request.POST.get("version")
        )
    except services.DomainError as refusal:
        form = _bound_draft_form(application)
        rest = _add_errors(form, refusal.errors)
        messages.error(
            request,
            _(
                "The application was not submitted. Correct the problems "
                "marked below; your draft is kept as it was."
            ),
        )
        return render(
            request,
            "applications/application_edit.html",
            _edit_context(application, form, rest),
            status=400,
        )
    return redirect("application-receipt", application.pk)


def _latest_submission(request, pk):
    application = queries.get_application_for_user(request.user, pk)
    submission = application.submissions.order_by("-version").first()
    if submission is None:
        raise Http404
    return application, submission


@login_required
def application_receipt(request, pk):
    application, submission = _latest_submission(request, pk)
    return render(
        request,
        "applications/receipt.html",
        {
            "application": application,
            "submission": submission,
            "documents": receipts.documents(submission.snapshot),
        },
    )


@login_required
def application_receipt_pdf(request, pk):
    """The submitted snapshot as a PDF, for whoever may see the application (404 otherwise)."""
    application, submission = _latest_submission(request, pk)
    content = render_pdf(
        "applications/submission_pdf.html",
        {
            "application": application,
            "submission": submission,
            **receipts.receipt(submission),
        },
    )
    response = HttpResponse(content, content_type="application/pdf")
    filename = f"{submission.reference}-v{submission.version}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
