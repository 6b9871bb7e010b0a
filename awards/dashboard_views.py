"""The ministry dashboard: officers, finance officers and auditors."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from awards import dashboard, permissions
from programmes.exports import table_response
from programmes.models import Programme


@login_required
def dashboard_page(request):
    if not permissions.can_view_money(request.user):
        raise PermissionDenied
    programmes = list(Programme.objects.order_by("id"))
    chosen = next((p for p in programmes if p.code == request.GET.get("programme")), None)
    data = dashboard.figures(chosen)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        return _export(fmt, data)
    ids = [a.pk for a in data["awards"]]
    context = {
        **data,
        "programme_list": programmes,
        "chosen": chosen,
        "burn_up": dashboard.burn_up(data["awards"]),
        "upcoming": dashboard.upcoming_tranches(ids),
        "due_reports": dashboard.due_reports(ids),
        "today": timezone.localdate(),
    }
    return render(request, "awards/dashboard.html", context)


def _export(fmt, data):
    headers = [_("Level"), _("Name"), _("Fiscal year"), _("Budget (KRW)"), _("Committed (KRW)"),
               _("Disbursed (KRW)"), _("Remaining (KRW)")]  # fmt: skip
    levels = {"programme": _("Programme"), "team": _("Team")}
    rows = [
        [str(levels[r.level]), r.name, r.fiscal_year, r.budget, r.committed, r.disbursed,
         r.remaining]
        for r in data["programmes"] + data["teams"]
    ]  # fmt: skip
    return table_response(fmt, "awards-dashboard", headers, rows, sheet_title="dashboard")
