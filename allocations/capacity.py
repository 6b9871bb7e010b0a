"""The pool's capacity per quarter and GPU type, and H100 equivalence: integer arithmetic only.

A tranche of `count` GPUs available on `d` days of a quarter, with `m`% held back for
maintenance, gives count × d × 86,400 × (100 − m) // 100 GPU-seconds to that quarter.
"""

from programmes.quarters import Quarter

SECONDS_PER_DAY = 86_400
SECONDS_PER_HOUR = 3_600


def quarter_seconds(quarter):
    """Seconds of wall time in a quarter: one GPU busy all quarter uses this many GPU-seconds."""
    return ((quarter.last_day - quarter.first_day).days + 1) * SECONDS_PER_DAY


def days_available(tranche, quarter):
    start = max(tranche.available_from, quarter.first_day)
    end = min(tranche.available_until or quarter.last_day, quarter.last_day)
    return max(0, (end - start).days + 1)


def tranche_seconds(tranche, quarter):
    usable = tranche.count * days_available(tranche, quarter) * SECONDS_PER_DAY
    return usable * (100 - tranche.maintenance_percent) // 100


def capacity_by_type(tranches, quarter):
    """{gpu_type: GPU-seconds} the tranches give to `quarter`."""
    capacity = {}
    for tranche in tranches:
        seconds = tranche_seconds(tranche, quarter)
        if seconds:
            capacity[tranche.gpu_type] = capacity.get(tranche.gpu_type, 0) + seconds
    return capacity


def installed_count(tranches, gpu_type, day):
    """GPUs of a type in the pool on a day (before the maintenance share)."""
    return sum(
        t.count
        for t in tranches
        if t.gpu_type == gpu_type
        and t.available_from <= day
        and (t.available_until is None or day <= t.available_until)
    )


def factor_on(factors, gpu_type, day):
    """The H100-equivalent factor (‰) in force on `day`: the latest that started by then."""
    candidates = [f for f in factors if f.gpu_type == gpu_type and f.valid_from <= day]
    if not candidates:
        return None
    return max(candidates, key=lambda f: f.valid_from).h100_per_mille


def convert_seconds(seconds, *, from_per_mille, to_per_mille):
    """GPU-seconds of one type as GPU-seconds of another of equal H100-equivalent worth,
    rounded down so that a transfer never creates time."""
    return seconds * from_per_mille // to_per_mille


def h100_seconds(seconds, per_mille):
    return seconds * per_mille // 1000


def quarters_between(first, last):
    quarters, quarter = [], first
    while quarter <= last:
        quarters.append(quarter)
        quarter = quarter.next()
    return quarters


def parse_quarter(text):
    """ "2026Q1", "2026-Q1" or "2026 Q1" → Quarter; ValueError otherwise."""
    cleaned = str(text).upper().replace("-", "").replace(" ", "")
    year, sep, number = cleaned.partition("Q")
    if not sep or not year.isdigit() or not number.isdigit() or not 2000 <= int(year) <= 2100:
        raise ValueError(text)
    return Quarter(int(year), int(number))


def hours_label(seconds):
    """GPU-hours for display, whole hours with separators (the stored value stays seconds)."""
    return f"{seconds // SECONDS_PER_HOUR:,}" if seconds >= 0 else f"-{-seconds // 3600:,}"


def today():
    from django.utils import timezone

    return timezone.localdate()
