"""Ministry pages of the pool: capacity vs committed vs used, utilisation, closing a quarter.
Each view translates input, calls one query or service, renders (or exports)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from allocations import capacity, permissions, queries, services
from allocations.models import GpuPool, UtilisationAlert
from programmes.exports import table_response

TYPE_COLOURS = {"H100": "#5b8def", "H200": "#1f4e9c", "B200": "#2fa36b", "npu": "#e0a030"}


def _pool_chart(overview):
    """Figures for static/js/allocations.js: three bars a quarter (capacity, committed, used),
    each stacked by GPU type, in GPU-hours."""
    quarters = []
    for row in overview["rows"]:
        if row["quarter"] not in quarters:
            quarters.append(row["quarter"])
    index = {(r["quarter"], r["gpu_type"]): r for r in overview["rows"]}
    measures = [
        ("capacity", _("Capacity")),
        ("committed", pgettext("GPU time", "Committed")),
        ("used", _("Used")),
    ]
    datasets = []
    for measure, label in measures:
        for gpu_type in overview["types"]:
            datasets.append(
                {
                    "label": f"{label} · {gpu_type}",
                    "stack": str(label),
                    "measure": measure,
                    "colour": TYPE_COLOURS.get(gpu_type, "#888888"),
                    "data": [
                        index[(q, gpu_type)][measure] // capacity.SECONDS_PER_HOUR for q in quarters
                    ],
                }
            )
    return {"labels": [q.label_ko() for q in quarters], "datasets": datasets}


@login_required
def pool_view(request):
    pool = queries.get_pool_for_user(request.user, request.GET.get("pool"))
    overview = queries.pool_overview(pool)
    if request.GET.get("format") in ("csv", "xlsx"):
        headers = [
            _("Quarter"), _("GPU type"), _("Capacity (GPU-hours)"), _("Committed (GPU-hours)"),
            _("Released (GPU-hours)"), _("Used (GPU-hours)"), _("Free (GPU-hours)"), _("Closed"),
        ]  # fmt: skip
        rows = [
            [str(r["quarter"]), r["gpu_type"]]
            + [
                r[k] // capacity.SECONDS_PER_HOUR
                for k in ("capacity", "committed", "released", "used", "free")
            ]  # fmt: skip
            + [r["closed"]]
            for r in overview["rows"]
        ]
        return table_response(request.GET["format"], f"gpu-pool-{pool.code}", headers, rows)
    today_quarter = capacity.Quarter.of(capacity.today())
    closable = sorted(
        {r["quarter"] for r in overview["rows"] if not r["closed"] and r["quarter"] < today_quarter}
    )
    return render(
        request,
        "allocations/pool.html",
        {
            "pool": pool,
            "pools": GpuPool.objects.order_by("code"),
            "overview": overview,
            "chart": _pool_chart(overview),
            "closable": closable,
            "can_manage": permissions.can_manage_allocations(request.user),
        },
    )


@login_required
@require_POST
def close_quarter(request):
    if not permissions.can_manage_allocations(request.user):
        raise PermissionDenied
    pool = queries.get_pool_for_user(request.user, request.POST.get("pool"))
    try:
        quarter = capacity.parse_quarter(request.POST.get("quarter", ""))
        carried, expired = services.close_quarter(pool=pool, quarter=quarter, by=request.user)
    except ValueError:
        messages.error(request, _("Choose a quarter."))
    except services.AllocationRefused as refusal:
        messages.error(request, " ".join(m for ms in refusal.errors.values() for m in ms))
    else:
        messages.success(
            request,
            _("%(quarter)s closed: %(carried)s GPU-hours carried over, %(expired)s expired.")
            % {
                "quarter": quarter.label_ko(),
                "carried": capacity.hours_label(carried),
                "expired": capacity.hours_label(expired),
            },
        )
    return redirect(f"{reverse('allocations:pool')}?pool={pool.code}")


def _heatmap_rows(table):
    current = capacity.Quarter.of(capacity.today())
    rows = []
    for award in table["awards"]:
        for gpu_type in table["types"]:
            cells = []
            for q in table["quarters"]:
                cell = table["cells"].get((award.pk, q.year, q.number, gpu_type))
                # A quarter not yet begun has no use to show, only its allotment.
                cells.append({**cell, "percent": None} if cell and q > current else cell)
            if any(cells):
                rows.append({"award": award, "gpu_type": gpu_type, "cells": cells})
    return rows


def _highest_alerts(alerts):
    """One line per team × quarter × type × kind: the highest level reached."""
    shown, seen = [], set()
    for alert in alerts:
        key = (alert.award_id, alert.year, alert.quarter, alert.gpu_type, alert.kind)
        if key not in seen:
            seen.add(key)
            shown.append(alert)
    return shown[:50]


@login_required
def utilisation_view(request):
    pool = queries.get_pool_for_user(request.user, request.GET.get("pool"))
    table = queries.utilisation(pool)
    rows = _heatmap_rows(table)
    if request.GET.get("format") in ("csv", "xlsx"):
        headers = [
            _("Award"), _("Team"), _("GPU type"), _("Quarter"), _("Allotted (GPU-hours)"),
            _("Used (GPU-hours)"), _("Use (%)"),
        ]  # fmt: skip
        lines = [
            [row["award"].number, row["award"].application.team.name_ko, row["gpu_type"],
             str(quarter), c["allotted"] // 3600, c["used"] // 3600, c["percent"]]
            for row in rows
            for quarter, c in zip(table["quarters"], row["cells"], strict=True)
            if c
        ]  # fmt: skip
        return table_response(request.GET["format"], f"utilisation-{pool.code}", headers, lines)
    alerts = _highest_alerts(
        UtilisationAlert.objects.filter(pool=pool)
        .select_related("award__application__team")
        .order_by("-year", "-quarter", "award__number", "gpu_type", "kind", "-level")[:200]
    )
    return render(
        request,
        "allocations/utilisation.html",
        {
            "pool": pool,
            "table": table,
            "rows": rows,
            "alerts": alerts,
            "staff": queries.staff_summary(),
            "expiring": queries.expiring_data_grants(),
        },
    )
