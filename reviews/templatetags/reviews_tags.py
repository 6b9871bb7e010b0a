from collections import Counter

from django import template

from reviews.enums import ACTIVE, ReviewStatus
from reviews.models import PanelMember, Review

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
