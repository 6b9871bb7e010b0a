"""Stage gates: officers enter the results of components that no panel scores (benchmarks)."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from applications.models import Application
from reviews import permissions, queries, services
from reviews.enums import ACTIVE, PanelPurpose
from reviews.models import ComponentResult, GateComponent


def _read_value(raw):
    """A result between 0 and 100 with at most two decimals, or an error message."""
    try:
        value = Decimal(raw.strip().replace(",", "."))
    except InvalidOperation:
        return None, _("Enter a number between 0 and 100.")
    if not value.is_finite() or not Decimal(0) <= value <= Decimal(100):
        return None, _("Enter a number between 0 and 100.")
    if value != value.quantize(Decimal("0.01")):
        return None, _("Use at most two decimals.")
    return value, None


@login_required
def gate_results(request, pk):
    """A table of applications × officer-entered components; all cells are saved or none."""
    panel = queries.get_panel_for_user(request.user, pk)
    if not permissions.can_manage_panels(request.user):
        raise PermissionDenied
    if panel.purpose != PanelPurpose.STAGE_GATE:
        messages.error(request, _("Only stage gates have officer-entered components."))
        return redirect("reviews:panel-detail", panel.pk)
    components = list(GateComponent.objects.filter(stage=panel.stage, panel__isnull=True))
    applications = list(
        Application.objects.filter(reviews__panel=panel, reviews__status__in=ACTIVE)
        .distinct()
        .order_by("reference")
    )
    stored = {
        (r.component_id, r.application_id): r.value
        for r in ComponentResult.objects.filter(
            component__in=components, application__in=applications
        )
    }
    entered, errors = {}, {}
    if request.method == "POST":
        for component in components:
            for application in applications:
                key = f"r-{component.pk}-{application.pk}"
                raw = request.POST.get(key, "").strip()
                entered[key] = raw
                if not raw:
                    continue
                value, error = _read_value(raw)
                if error:
                    errors[key] = error
                elif value != stored.get((component.pk, application.pk)):
                    entered[key] = value
        if not errors:
            with transaction.atomic():
                for component in components:
                    for application in applications:
                        value = entered.get(f"r-{component.pk}-{application.pk}")
                        if isinstance(value, Decimal):
                            services.record_component_result(
                                component, application=application, value=value, by=request.user
                            )
            messages.success(request, _("The results were saved."))
            return redirect("reviews:gate-results", panel.pk)
        messages.error(request, _("Nothing was saved: correct the marked cells."))
    rows = [
        (
            application,
            [
                {
                    "name": f"r-{c.pk}-{application.pk}",
                    "value": entered.get(
                        f"r-{c.pk}-{application.pk}", stored.get((c.pk, application.pk), "")
                    ),
                    "error": errors.get(f"r-{c.pk}-{application.pk}"),
                }
                for c in components
            ],
        )
        for application in applications
    ]
    return render(
        request,
        "reviews/gate_results.html",
        {"panel": panel, "components": components, "rows": rows},
    )
