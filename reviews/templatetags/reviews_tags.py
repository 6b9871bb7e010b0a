from collections import Counter

from django import template
from django.utils.formats import localize
from django.utils.html import format_html_join

from reviews.enums import ACTIVE, ReviewStatus
from reviews.models import Decision, PanelMember, Review

register = template.Library()


@register.simple_tag
def panel_memberships(user):
    """The user's panel memberships, each with `assigned` and `submitted` counts of their own
    reviews, in two queries (for the home-page dashboard)."""
    members = list(
        PanelMember.objects.filter(user=user).select_related("panel").order_by("-panel_id")
    )
    assigned, submitted = Counter(), Counter()
    for panel_id, status in Review.objects.filter(reviewer=user, status__in=ACTIVE).values_list(
        "panel_id", "status"
    ):
        assigned[panel_id] += 1
        submitted[panel_id] += status == ReviewStatus.SUBMITTED
    for member in members:
        member.assigned = assigned[member.panel_id]
        member.submitted = submitted[member.panel_id]
    return members


@register.simple_tag
def published_results(user):
    """Published panel results of the applications of the user's teams (one query)."""
    return list(
        Decision.objects.filter(
            application__team__members__user=user, panel__results_published_at__isnull=False
        )
        .select_related("panel", "application")
        .order_by("-panel__results_published_at", "application_id")
    )


# The ranking's per-reviewer cells, built in one pass instead of a template loop a row (fifty
# rows × five reviewers, five look-ups a reviewer; 5% of the page's Python work). The markup is
# what the loops made (tested against them): totals localised, names escaped.


@register.filter
def reviewer_totals(pairs):
    """[(name, total)] → "name <strong>total</strong> · …", or "—" with none."""
    if not pairs:
        return "—"
    return format_html_join(
        " · ", "{} <strong>{}</strong>", ((name, localize(total)) for name, total in pairs)
    )


@register.filter
def reviewer_cells(totals):
    """One <td> a reviewer column: the total, or "·" where they gave none (as |default:"·")."""
    return format_html_join(
        "",
        '<td class="num reviewer-cell">{}</td>',
        ((localize(total) if total else "·",) for total in totals),
    )
