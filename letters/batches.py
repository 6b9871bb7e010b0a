"""Issue the letters of every award of a call at once, and tell each team by e-mail."""

import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.mail import queue_email
from letters import queries, services
from letters.enums import BatchItemStatus
from letters.models import LetterBatch, LetterBatchItem

logger = logging.getLogger(__name__)


@transaction.atomic
def start_letter_batch(call, *, by):
    """Create a batch of the call's awards and queue one task per award after commit."""
    from letters.tasks import issue_batch_letter

    awards = list(queries.awards_of_call(call))
    if not awards:
        raise services.LetterRefused({"call": [_("This call has no awards to issue letters for.")]})
    batch = LetterBatch.objects.create(call=call, created_by=by)
    items = LetterBatchItem.objects.bulk_create(
        [LetterBatchItem(batch=batch, award=award) for award in awards]
    )
    item_ids = [item.pk for item in items]
    transaction.on_commit(
        lambda: [issue_batch_letter.delay(item_id=item_id) for item_id in item_ids]
    )
    return batch


def _notify_team(item, letter):
    team = item.award.application.team
    recipients = sorted({m.user.email for m in team.members.select_related("user") if m.user.email})
    if not recipients:
        return
    link = settings.SITE_URL + reverse("letters:award-letters", args=[item.award_id])
    queue_email(
        to=recipients,
        subject=_("Your award letter %(number)s has been issued")
        % {"number": letter.document_number},
        template="letters/email/letter_issued.txt",
        context={"letter": letter, "award": item.award, "team": team, "link": link},
    )


def issue_batch_item(item_id):
    """Issue one item's letter (idempotent), mark it done and e-mail its team once."""
    item = LetterBatchItem.objects.select_related("award", "batch__created_by").filter(pk=item_id)
    item = item.first()
    if item is None:
        logger.warning("letter batch item %s is gone", item_id)
        return None
    if item.status == BatchItemStatus.DONE:
        return item
    try:
        letter = services.issue_award_letter(item.award, by=item.batch.created_by)
    except services.LetterRefused as refusal:
        item.status = BatchItemStatus.FAILED
        item.error = "; ".join(m for messages in refusal.errors.values() for m in messages)
        item.save(update_fields=["status", "error"])
        return item
    except Exception as error:  # a render failure must not leave the batch waiting forever
        logger.exception("letter of batch item %s failed", item_id)
        item.status, item.error = BatchItemStatus.FAILED, type(error).__name__
        item.save(update_fields=["status", "error"])
        return item
    with transaction.atomic():
        item = (
            LetterBatchItem.objects.select_for_update()
            .select_related("award__application__team")
            .get(pk=item_id)
        )
        if item.status == BatchItemStatus.DONE:
            return item
        item.status, item.letter, item.error = BatchItemStatus.DONE, letter, ""
        item.emailed_at = timezone.now()
        item.save(update_fields=["status", "letter", "error", "emailed_at"])
        _notify_team(item, letter)
    return item
