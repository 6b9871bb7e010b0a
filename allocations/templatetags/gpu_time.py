"""GPU time for display: stored as integer GPU-seconds, shown as whole GPU-hours."""

from django import template

from allocations import capacity
from allocations.queries import heat_band

register = template.Library()


@register.filter
def gpu_hours(seconds):
    """7,776,000 → "2,160" (GPU-hours, rounded down)."""
    if seconds is None or seconds == "":
        return "—"
    return capacity.hours_label(int(seconds))


@register.filter
def fte(hundredths):
    """FTE kept in hundredths: 150 → "1.5"."""
    if hundredths is None:
        return "—"
    whole, part = divmod(int(hundredths), 100)
    return f"{whole:,}" if not part else f"{whole:,}.{part:02d}".rstrip("0")


@register.filter
def heat(percent):
    return heat_band(percent)


@register.simple_tag
def cell(cells, award_id, quarter, gpu_type):
    return cells.get((award_id, quarter.year, quarter.number, gpu_type))
