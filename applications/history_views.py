"""The audit pages of an application: its budget timeline (officers and auditors)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from applications import permissions, queries
from applications.budget_history import budget_timeline


@login_required
def application_budget_history(request, pk):
    """Who changed which budget line, when, from what to what; 404 to whoever may not see the
    application, 403 to its team (they see the budget, not the audit trail)."""
    application = queries.get_application_for_user(request.user, pk)
    if not permissions.can_see_history(request.user, application):
        raise PermissionDenied
    page = Paginator(budget_timeline(application), 200).get_page(request.GET.get("page"))
    return render(
        request, "applications/budget_history.html", {"application": application, "page": page}
    )
