"""Thin Celery tasks: they fetch, log and delegate to services."""

import logging

from celery import shared_task

from reviews import recusals, services

logger = logging.getLogger(__name__)


@shared_task
def send_review_reminders():
    """Daily (celery beat): remind reviewers of unfinished reviews; escalate to chairs."""
    reminders, escalations = services.remind_reviewers()
    logger.info("review reminders: %s sent, %s escalated", reminders, escalations)
    return reminders, escalations


@shared_task
def recheck_conflicts(*, application_id):
    """A team changed: recuse the application's reviews that are now conflicted. Idempotent."""
    recused = recusals.recuse_conflicted_reviews(application_ids=[application_id])
    logger.info("conflicts re-checked for application %s: %s recused", application_id, len(recused))
    return [r.pk for r in recused]
