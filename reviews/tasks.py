"""Thin Celery tasks: they fetch, log and delegate to services."""

import logging

from celery import shared_task

from reviews import services

logger = logging.getLogger(__name__)


@shared_task
def send_review_reminders():
    """Daily (celery beat): remind reviewers of unfinished reviews; escalate to chairs."""
    reminders, escalations = services.remind_reviewers()
    logger.info("review reminders: %s sent, %s escalated", reminders, escalations)
    return reminders, escalations
