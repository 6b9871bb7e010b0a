from collections import Counter

from django import template

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
