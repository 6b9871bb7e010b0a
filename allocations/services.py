"""Every write to the GPU ledger. Keyword-only and atomic; each docstring lists side effects.

Each write that adds GPU time locks the pool row first (`select_for_update`), so two officers
granting at once are serialised and the capacity rule holds under concurrency.
"""

import uuid

from django.db import transaction
from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from allocations import capacity
from allocations.enums import ALLOTTED_KINDS, AWARDED_KINDS, EntryKind
from allocations.models import (
    EquivalenceFactor,
    GpuPlan,
    GpuPool,
    LedgerEntry,
    QuarterClosure,
    UsageTotal,
)
from applications.enums import GpuType
from applications.services import DomainError
from awards.enums import AwardStatus
from programmes.quarters import Quarter

MAX_GPU_SECONDS = 10**15  # a million GPUs for thirty years; anything larger is a typing error


class AllocationRefused(DomainError):
    """A ledger write that would break a rule; nothing was written."""


def _refuse(field, message):
    raise AllocationRefused({field: [message]})


def _lock(pool):
    return GpuPool.objects.select_for_update().get(pk=pool.pk)


def _check_amount(gpu_seconds, field="gpu_seconds"):
    if isinstance(gpu_seconds, bool) or not isinstance(gpu_seconds, int):
        _refuse(field, _("GPU time is a whole number of GPU-seconds."))
    if not 0 < gpu_seconds <= MAX_GPU_SECONDS:
        _refuse(field, _("GPU time must be positive and at most 10^15 GPU-seconds."))


def _check_type(gpu_type):
    if gpu_type not in GpuType.values:
        _refuse("gpu_type", _("Unknown GPU type."))


def _check_open(pool, quarter):
    if QuarterClosure.objects.filter(pool=pool, year=quarter.year, quarter=quarter.number).exists():
        _refuse("quarter", _("%(quarter)s is closed.") % {"quarter": quarter.label_ko()})


def _sum(queryset):
    return queryset.aggregate(total=Sum("gpu_seconds"))["total"] or 0


def _entries(pool, quarter, gpu_type, award=None):
    entries = LedgerEntry.objects.filter(
        pool=pool, year=quarter.year, quarter=quarter.number, gpu_type=gpu_type
    )
    return entries.filter(award=award) if award is not None else entries


def capacity_seconds(pool, quarter, gpu_type):
    return capacity.capacity_by_type(pool.tranches.all(), quarter).get(gpu_type, 0)


def committed_seconds(pool, quarter, gpu_type):
    """GPU-seconds of the pool awarded to all teams for the quarter and type."""
    return _sum(_entries(pool, quarter, gpu_type).filter(kind__in=AWARDED_KINDS))


def balances(award, pool, quarter, gpu_type):
    """(awarded, released, allotted) GPU-seconds of one award: plain sums of its ledger."""
    totals = _entries(pool, quarter, gpu_type, award).aggregate(
        awarded=Sum("gpu_seconds", filter=Q(kind__in=AWARDED_KINDS)),
        released=Sum("gpu_seconds", filter=Q(kind=EntryKind.RELEASE)),
        allotted=Sum("gpu_seconds", filter=Q(kind__in=ALLOTTED_KINDS)),
    )
    return totals["awarded"] or 0, totals["released"] or 0, totals["allotted"] or 0


def _require_capacity(pool, quarter, gpu_type, extra):
    available = capacity_seconds(pool, quarter, gpu_type)
    committed = committed_seconds(pool, quarter, gpu_type)
    shortfall = committed + extra - available
    if shortfall > 0:
        _refuse(
            "gpu_seconds",
            _(
                "Over the pool's capacity for %(quarter)s, %(type)s: %(shortfall)s GPU-hours "
                "short (capacity %(capacity)s, already committed %(committed)s)."
            )
            % {
                "quarter": quarter.label_ko(),
                "type": GpuType(gpu_type).label,
                "shortfall": capacity.hours_label(shortfall + capacity.SECONDS_PER_HOUR - 1),
                "capacity": capacity.hours_label(available),
                "committed": capacity.hours_label(committed),
            },
        )


def _entry(pool, award, quarter, gpu_type, kind, gpu_seconds, by, **extra):
    return LedgerEntry.objects.create(
        pool=pool,
        award=award,
        year=quarter.year,
        quarter=quarter.number,
        gpu_type=gpu_type,
        kind=kind,
        gpu_seconds=gpu_seconds,
        created_by=by,
        **extra,
    )


@transaction.atomic
def grant_gpu_time(
    *, award, pool, quarter, gpu_type, by, gpu_count=None, gpu_seconds=None, supplement=False,
    note="",
):  # fmt: skip
    """Award GPU time (a grant, or a supplement to one) for a quarter and type.

    Give `gpu_count` for whole GPUs over the whole quarter, or `gpu_seconds`. Refused, naming
    the quarter, the type and the shortfall, when it would exceed the pool's capacity.
    Side effects: one ledger entry."""
    _check_type(gpu_type)
    if gpu_seconds is None:
        if isinstance(gpu_count, bool) or not isinstance(gpu_count, int) or gpu_count < 1:
            _refuse("gpu_count", _("Give a whole number of GPUs, at least one."))
        gpu_seconds = gpu_count * capacity.quarter_seconds(quarter)
    _check_amount(gpu_seconds)
    pool = _lock(pool)
    _check_open(pool, quarter)
    _require_capacity(pool, quarter, gpu_type, gpu_seconds)
    kind = EntryKind.SUPPLEMENT if supplement else EntryKind.GRANT
    return _entry(
        pool, award, quarter, gpu_type, kind, gpu_seconds, by, gpu_count=gpu_count, note=note
    )


def _require_balance(award, pool, quarter, gpu_type, amount, field="gpu_seconds"):
    awarded, released, _allotted = balances(award, pool, quarter, gpu_type)
    if amount > awarded - released:
        _refuse(
            field,
            _(
                "%(award)s has only %(free)s GPU-hours of %(type)s in %(quarter)s that are not "
                "yet released."
            )
            % {
                "award": award.number,
                "free": capacity.hours_label(awarded - released),
                "type": GpuType(gpu_type).label,
                "quarter": quarter.label_ko(),
            },
        )


@transaction.atomic
def reclaim_gpu_time(*, award, pool, quarter, gpu_type, gpu_seconds, by, note=""):
    """Take unreleased GPU time back into the pool. Side effects: one ledger entry."""
    _check_type(gpu_type)
    _check_amount(gpu_seconds)
    pool = _lock(pool)
    _check_open(pool, quarter)
    _require_balance(award, pool, quarter, gpu_type, gpu_seconds)
    return _entry(pool, award, quarter, gpu_type, EntryKind.RECLAIM, -gpu_seconds, by, note=note)


@transaction.atomic
def release_gpu_time(*, award, pool, quarter, gpu_type, gpu_seconds, by, note=""):
    """Record that the operator has made awarded time available to the team.
    Side effects: one ledger entry (kept beside the awarded balance)."""
    _check_type(gpu_type)
    _check_amount(gpu_seconds)
    pool = _lock(pool)
    _require_balance(award, pool, quarter, gpu_type, gpu_seconds)
    return _entry(pool, award, quarter, gpu_type, EntryKind.RELEASE, gpu_seconds, by, note=note)


def factor(gpu_type, day):
    per_mille = capacity.factor_on(
        EquivalenceFactor.objects.filter(gpu_type=gpu_type), gpu_type, day
    )
    if per_mille is None:
        _refuse("gpu_type", _("No H100-equivalence factor for %(type)s.") % {"type": gpu_type})
    return per_mille


@transaction.atomic
def transfer_gpu_time(
    *, from_award, to_award, pool, quarter, from_type, to_type, gpu_seconds, by, note=""
):
    """Move unreleased GPU time from one team to another, converted between GPU types at the
    H100-equivalence factors in force on the quarter's first day (stored on both entries).
    Refused when the receiving type lacks capacity. Side effects: two ledger entries."""
    _check_type(from_type)
    _check_type(to_type)
    _check_amount(gpu_seconds)
    if from_award.pk == to_award.pk and from_type == to_type:
        _refuse("to_award", _("A transfer goes to another team or another GPU type."))
    pool = _lock(pool)
    _check_open(pool, quarter)
    _require_balance(from_award, pool, quarter, from_type, gpu_seconds)
    factors = {}
    received = gpu_seconds
    if from_type != to_type:
        factors = {
            "factor_from_per_mille": factor(from_type, quarter.first_day),
            "factor_to_per_mille": factor(to_type, quarter.first_day),
        }
        received = capacity.convert_seconds(
            gpu_seconds,
            from_per_mille=factors["factor_from_per_mille"],
            to_per_mille=factors["factor_to_per_mille"],
        )
        if received < 1:
            _refuse("gpu_seconds", _("Too little time to convert."))
        # Only the receiving type takes new capacity; the same type frees what it takes.
        _require_capacity(pool, quarter, to_type, received)
    pair = uuid.uuid4()
    out = _entry(pool, from_award, quarter, from_type, EntryKind.TRANSFER_OUT, -gpu_seconds, by,
                 pair=pair, note=note, **factors)  # fmt: skip
    into = _entry(pool, to_award, quarter, to_type, EntryKind.TRANSFER_IN, received, by,
                  pair=pair, note=note, **factors)  # fmt: skip
    return out, into


def _used(award, pool, quarter, gpu_type):
    return _sum(
        UsageTotal.objects.filter(
            pool=pool, award=award, year=quarter.year, quarter=quarter.number, gpu_type=gpu_type
        )
    )


@transaction.atomic
def close_quarter(*, pool, quarter, by):
    """Close a quarter of the pool: usage for it is refused from now on, and each team's unused
    time is carried into the next quarter up to the pool's cap (and the next quarter's free
    capacity); the rest expires. Side effects: a closure row and carry-over/expiry entries.
    Closing twice is refused."""
    pool = _lock(pool)
    _check_open(pool, quarter)
    QuarterClosure.objects.create(
        pool=pool, year=quarter.year, quarter=quarter.number, closed_by=by
    )
    following = quarter.next()
    following_open = not QuarterClosure.objects.filter(
        pool=pool, year=following.year, quarter=following.number
    ).exists()
    rows = (
        LedgerEntry.objects.filter(pool=pool, year=quarter.year, quarter=quarter.number)
        .values("award", "gpu_type")
        .annotate(
            awarded=Sum("gpu_seconds", filter=Q(kind__in=AWARDED_KINDS)),
            allotted=Sum("gpu_seconds", filter=Q(kind__in=ALLOTTED_KINDS)),
        )
        .order_by("award", "gpu_type")
    )
    from awards.models import Award

    awards = Award.objects.in_bulk([row["award"] for row in rows])
    carried = expired = 0
    for row in rows:
        award, gpu_type = awards[row["award"]], row["gpu_type"]
        unused = (row["awarded"] or 0) - _used(award, pool, quarter, gpu_type)
        if unused <= 0:
            continue
        carry = min(unused, (row["allotted"] or 0) * pool.carry_over_cap_percent // 100)
        # A terminated award has no next quarter to carry into: its unused time expires.
        if carry and following_open and award.status != AwardStatus.TERMINATED:
            free = capacity_seconds(pool, following, gpu_type) - committed_seconds(
                pool, following, gpu_type
            )
            carry = max(0, min(carry, free))
        else:
            carry = 0
        if carry:
            pair = uuid.uuid4()
            _entry(pool, award, quarter, gpu_type, EntryKind.CARRY_OUT, -carry, by, pair=pair)
            _entry(pool, award, following, gpu_type, EntryKind.CARRY_IN, carry, by, pair=pair)
            carried += carry
        if unused - carry:
            _entry(pool, award, quarter, gpu_type, EntryKind.EXPIRY, -(unused - carry), by)
            expired += unused - carry
    return carried, expired


@transaction.atomic
def return_future_allocations(*, award, terminated_on, event_id, by=None):
    """A terminated award gives back its unreleased GPU time of every quarter that starts after
    the termination date. Data grants and staff stay. Idempotent by `event_id`.
    Side effects: one `return` entry per pool × quarter × type with time left."""
    first_future = Quarter.of(terminated_on)
    if first_future.first_day <= terminated_on:
        first_future = first_future.next()
    future = Q(year__gt=first_future.year) | Q(
        year=first_future.year, quarter__gte=first_future.number
    )
    rows = list(
        LedgerEntry.objects.filter(future, award=award)
        .values("pool", "year", "quarter", "gpu_type")
        .annotate(
            awarded=Sum("gpu_seconds", filter=Q(kind__in=AWARDED_KINDS)),
            released=Sum("gpu_seconds", filter=Q(kind=EntryKind.RELEASE)),
        )
        .order_by("pool", "year", "quarter", "gpu_type")
    )
    returned = []
    for pool in GpuPool.objects.select_for_update().filter(pk__in={r["pool"] for r in rows}):
        for row in rows:
            if row["pool"] != pool.pk:
                continue
            free = (row["awarded"] or 0) - (row["released"] or 0)
            done = LedgerEntry.objects.filter(
                award=award, event_id=event_id, year=row["year"], quarter=row["quarter"],
                gpu_type=row["gpu_type"],
            ).exists()  # fmt: skip
            if free <= 0 or done:
                continue
            quarter = Quarter(row["year"], row["quarter"])
            returned.append(
                _entry(
                    pool,
                    award,
                    quarter,
                    row["gpu_type"],
                    EntryKind.RETURN,
                    -free,
                    by,
                    event_id=event_id,
                    note=_("Award terminated"),
                )  # fmt: skip
            )
    return returned


@transaction.atomic
def plan_gpu_time(*, award, quarter, gpu_type, gpu_count, gpu_seconds=None):
    """Set the award's planned GPU time for a quarter (the baseline of planned vs awarded)."""
    _check_type(gpu_type)
    if gpu_seconds is None:
        gpu_seconds = gpu_count * capacity.quarter_seconds(quarter)
    _check_amount(gpu_seconds)
    plan, _created = GpuPlan.objects.update_or_create(
        award=award, year=quarter.year, quarter=quarter.number, gpu_type=gpu_type,
        defaults={"gpu_count": gpu_count, "gpu_seconds": gpu_seconds},
    )  # fmt: skip
    return plan
