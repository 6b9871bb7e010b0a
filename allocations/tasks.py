"""Thin Celery tasks: they fetch, log and delegate to the allocations modules."""

import logging

from celery import shared_task

from allocations import alerts

logger = logging.getLogger(__name__)


@shared_task
def send_utilisation_digest():
    """Daily (celery beat): raise new utilisation alerts and e-mail officers one digest."""
    raised = alerts.raise_alerts()
    sent = alerts.send_digest()
    logger.info("utilisation alerts: %s raised, %s in the digest", raised, sent)
    return raised, sent
