"""Named reads. Every object a view touches comes through a `get_…_for_user` helper, and the
pool and utilisation reads run a fixed number of queries whatever the number of teams."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Q, Sum
from django.http import Http404
from django.utils import timezone

from allocations import capacity, permissions
from allocations.enums import ALLOTTED_KINDS, AWARDED_KINDS, EntryKind
from allocations.models import (
    DataGrant,
    GpuPool,
    LedgerEntry,
    QuarterClosure,
    StaffAllocation,
    UsageTotal,
)
from applications.queries import applications_visible_to
from awards.models import Award
from programmes.quarters import Quarter


def awards_visible_to(user):
    """Ministry staff see every award; team members their own."""
    if permissions.is_staff_reader(user):
        return Award.objects.all()
    return Award.objects.filter(application__in=applications_visible_to(user).values("pk"))


def get_award_for_user(user, pk, *, write=False):
    """404 to whoever may not see the award; 403 to a reader who tries to change it."""
    try:
        award = (
            awards_visible_to(user)
            .select_related("application__team", "application__call__programme")
            .get(pk=pk)
        )
    except (Award.DoesNotExist, ValueError):
        raise Http404 from None
    if write and not permissions.can_manage_allocations(user):
        raise PermissionDenied
    return award


def get_data_grant_for_user(user, pk):
    try:
        return DataGrant.objects.select_related("award").get(
            pk=pk, award__in=awards_visible_to(user).values("pk")
        )
    except (DataGrant.DoesNotExist, ValueError):
        raise Http404 from None


def get_pool_for_user(user, code=None):
    """Pools are ministry staff's to read; the national pool when no code is given."""
    if not permissions.is_staff_reader(user):
        raise Http404
    pools = GpuPool.objects.prefetch_related("tranches")
    pool = pools.filter(code=code).first() if code else pools.order_by("id").first()
    if pool is None:
        raise Http404
    return pool


def _quarter_key(row):
    return Quarter(row["year"], row["quarter"])


def pool_quarters(pool, tranches, ledger_rows):
    """The quarters worth showing: those with time in the ledger, else the tranches' span."""
    keys = {_quarter_key(row) for row in ledger_rows}
    if not keys:
        starts = [t.available_from for t in tranches]
        if not starts:
            return []
        first = Quarter.of(min(starts))
        return capacity.quarters_between(first, Quarter(first.year + 2, first.number))
    return capacity.quarters_between(min(keys), max(keys))


def pool_overview(pool):
    """Per quarter × GPU type: capacity, committed, released, used and free GPU-seconds."""
    tranches = list(pool.tranches.all())
    ledger = list(
        LedgerEntry.objects.filter(pool=pool)
        .values("year", "quarter", "gpu_type")
        .annotate(
            awarded=Sum("gpu_seconds", filter=Q(kind__in=AWARDED_KINDS)),
            committed=Sum("gpu_seconds", filter=Q(kind__in=ALLOTTED_KINDS)),
            released=Sum("gpu_seconds", filter=Q(kind=EntryKind.RELEASE)),
        )
        .order_by()
    )
    used = {
        (row["year"], row["quarter"], row["gpu_type"]): row["used"]
        for row in UsageTotal.objects.filter(pool=pool)
        .values("year", "quarter", "gpu_type")
        .annotate(used=Sum("gpu_seconds"))
        .order_by()
    }
    closed = set(QuarterClosure.objects.filter(pool=pool).values_list("year", "quarter").order_by())
    by_key = {(r["year"], r["quarter"], r["gpu_type"]): r for r in ledger}
    types = sorted({t.gpu_type for t in tranches} | {r["gpu_type"] for r in ledger})
    rows = []
    for quarter in pool_quarters(pool, tranches, ledger):
        caps = capacity.capacity_by_type(tranches, quarter)
        for gpu_type in types:
            key = (quarter.year, quarter.number, gpu_type)
            entry = by_key.get(key, {})
            row = {
                "quarter": quarter,
                "gpu_type": gpu_type,
                "capacity": caps.get(gpu_type, 0),
                "committed": entry.get("committed") or 0,
                "released": entry.get("released") or 0,
                "used": used.get(key, 0),
                "closed": (quarter.year, quarter.number) in closed,
            }
            # Committed is what teams were given for the quarter (closing it moves the unused
            # part on, but the quarter's history keeps the figure); free is what may still be
            # granted under the capacity rule.
            row["free"] = row["capacity"] - (entry.get("awarded") or 0)
            rows.append(row)
    return {"tranches": tranches, "types": types, "rows": rows}


def utilisation(pool, *, awards=None):
    """Per award × quarter × GPU type: allotted and used GPU-seconds and the percentage.
    Three queries whatever the number of teams."""
    entries = LedgerEntry.objects.filter(pool=pool)
    usage = UsageTotal.objects.filter(pool=pool)
    if awards is not None:
        entries, usage = entries.filter(award__in=awards), usage.filter(award__in=awards)
    allotted = list(
        entries.values("award", "year", "quarter", "gpu_type")
        .annotate(allotted=Sum("gpu_seconds", filter=Q(kind__in=ALLOTTED_KINDS)))
        .order_by()
    )
    used = {
        (r["award"], r["year"], r["quarter"], r["gpu_type"]): r["used"]
        for r in usage.values("award", "year", "quarter", "gpu_type")
        .annotate(used=Sum("gpu_seconds"))
        .order_by()
    }
    team_awards = Award.objects.filter(pk__in={r["award"] for r in allotted}).select_related(
        "application__team"
    )
    cells = {}
    for row in allotted:
        key = (row["award"], row["year"], row["quarter"], row["gpu_type"])
        cells[key] = _cell(row["allotted"] or 0, used.pop(key, 0))
    for key, seconds in used.items():  # usage without any allotment (after a reclaim)
        cells[key] = _cell(0, seconds)
    quarters = sorted({Quarter(k[1], k[2]) for k in cells})
    if quarters:
        quarters = capacity.quarters_between(quarters[0], quarters[-1])
    return {
        "awards": sorted(team_awards, key=lambda a: a.number),
        "quarters": quarters,
        "types": sorted({k[3] for k in cells}),
        "cells": cells,
    }


def _cell(allotted, used):
    percent = used * 100 // allotted if allotted > 0 else None
    return {"allotted": allotted, "used": used, "percent": percent}


def heat_band(percent):
    """A CSS class for a heatmap cell (also said in words in the cell for non-colour readers)."""
    if percent is None:
        return "heat-none"
    for limit, band in [(25, "heat-0"), (50, "heat-25"), (75, "heat-50"), (90, "heat-75"),
                        (100, "heat-90")]:  # fmt: skip
        if percent < limit:
            return band
    return "heat-100"


def staff_summary(awards=None):
    """Per award: planned and actual FTE-months (in hundredths), one query."""
    staff = StaffAllocation.objects.all()
    if awards is not None:
        staff = staff.filter(award__in=awards)
    rows = {}
    for post in staff.select_related("award__application__team").order_by("award", "id"):
        row = rows.setdefault(
            post.award_id, {"award": post.award, "posts": 0, "planned": 0, "actual": 0}
        )
        row["posts"] += 1
        row["planned"] += post.planned_fte_months
        row["actual"] += post.actual_fte_months or 0
    return list(rows.values())


def expiring_data_grants(*, within_days=90, today=None):
    today = today or timezone.localdate()
    return (
        DataGrant.objects.filter(
            access_until__gte=today,
            access_until__lte=today + datetime.timedelta(days=within_days),
            status__in=["agreed", "provided"],
        )
        .select_related("award__application__team")
        .order_by("access_until", "id")
    )
