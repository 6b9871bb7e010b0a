"""The award page's link to the award's letters (awards.page_links), for those who may read them."""

from django.urls import reverse
from django.utils.translation import gettext as _

from awards.page_links import AwardLink
from letters import permissions


def award_letters_link(user, award):
    if not permissions.can_view_letters(user, award):
        return []
    return [
        AwardLink(label=_("Award letters"), url=reverse("letters:award-letters", args=[award.pk]))
    ]
