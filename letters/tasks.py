"""Thin Celery tasks: they take ids, fetch, log and return when the row is gone, and delegate
to the services. Each is safe to run twice."""

import logging

from celery import shared_task
from django.contrib.auth import get_user_model
from django.db import transaction

from awards.models import Award
from letters import batches, services

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def issue_award_letter(*, award_id, by_id):
    """Issue the letter of the award's current version (the same version yields one letter)."""
    award = Award.objects.filter(pk=award_id).first()
    by = get_user_model().objects.filter(pk=by_id).first()
    if award is None or by is None:
        logger.warning("award letter not issued: award %s or user %s is gone", award_id, by_id)
        return None
    try:
        letter = services.issue_award_letter(award, by=by)
    except services.LetterRefused as refusal:
        logger.warning("award letter for %s refused: %s", award.number, refusal.errors)
        return None
    return letter.pk


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def issue_batch_letter(*, item_id):
    """One award of a batch: issue its letter and e-mail the team once."""
    item = batches.issue_batch_item(item_id)
    return item.pk if item else None


def queue_award_letter(award, *, by):
    """Queue the letter of `award` after the current transaction commits."""
    services.check_can_issue(award)
    award_id, by_id = award.pk, by.pk
    transaction.on_commit(lambda: issue_award_letter.delay(award_id=award_id, by_id=by_id))
