"""Conflicts found after assignment: the review is recused and leaves the aggregate.

Conflicts are checked at assignment (services.assign_reviewers), but a team can change later
(after staff reopen an application) and a reviewer's affiliation can be corrected. So they are
re-checked when a team changes (applications.signals.team_changed → tasks.recheck_conflicts,
wired in apps.py) and before every decision (services.record_decision). A panel whose decision
is recorded is left alone: that decision is final until an officer revokes it.
"""

import logging

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.mail import queue_email
from reviews.conflicts import ConflictIndex
from reviews.enums import ACTIVE, PanelRole, ReviewStatus
from reviews.models import Decision, PanelMember, Recusal, Review

logger = logging.getLogger(__name__)


@transaction.atomic
def recuse_conflicted_reviews(*, application_ids, panel=None, by=None):
    """Recuse every active review of these applications whose reviewer is now conflicted.

    Safe to run twice (a recused review is no longer active). Side effects: Review → recused
    through services.set_review_status (history with the reasons; version bumped, so a stored
    ranking is invalidated); a Recusal row; the panel's chair e-mailed after commit.
    Returns the recused reviews.
    """
    from reviews.services import set_review_status

    reviews = (
        Review.objects.select_for_update(of=("self",))
        .filter(application_id__in=list(application_ids), status__in=ACTIVE)
        .exclude(panel_id__in=Decision.objects.current().values("panel_id"))
        .select_related("reviewer", "application", "panel")
        .order_by("id")
    )
    if panel is not None:
        reviews = reviews.filter(panel=panel)
    reviews = list(reviews)
    if not reviews:
        return []
    index = ConflictIndex({r.application_id: r.application for r in reviews}.values())
    index.remember({r.reviewer_id: r.reviewer for r in reviews}.values())
    recused = []
    for review in reviews:
        reasons = index.reasons_for(review.reviewer).get(review.application_id)
        if not reasons:
            continue
        codes = ",".join(dict.fromkeys(str(r.value) for r in reasons))
        set_review_status(
            review,
            ReviewStatus.RECUSED,
            by=by,
            reason=f"conflict of interest found after assignment: {codes}",
        )
        recusal = Recusal(review=review, reasons=codes)
        recusal._history_user = by
        recusal.save()
        logger.info("review %s recused: %s", review.pk, codes)
        _tell_the_chair(recusal)
        recused.append(review)
    return recused


def _tell_the_chair(recusal):
    from django.conf import settings

    review = recusal.review
    chairs = PanelMember.objects.filter(panel_id=review.panel_id, role=PanelRole.CHAIR)
    emails = [m.user.email for m in chairs.select_related("user") if m.user.email]
    if not emails:
        return
    queue_email(
        to=emails,
        subject=_("A review was recused in %(panel)s") % {"panel": review.panel.name},
        template="reviews/email/recusal.txt",
        context={
            "review": review,
            "reasons": recusal.reason_labels,
            "link": settings.SITE_URL + reverse("reviews:panel-detail", args=[review.panel_id]),
        },
    )
