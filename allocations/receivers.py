"""Receivers of the lower apps' domain events (connected in apps.py)."""

import logging

from allocations import services

logger = logging.getLogger(__name__)


def return_gpu_time_of_terminated_award(sender, *, award, event_id, terminated_on, by=None, **kw):
    """A terminated award's future GPU time goes back to the pool; its data grants stay.
    Idempotent: the entries carry the event id, so a repeated event adds nothing."""
    returned = services.return_future_allocations(
        award=award, terminated_on=terminated_on, event_id=str(event_id), by=by
    )
    logger.info("award %s terminated: %s ledger entries returned", award.pk, len(returned))
    return len(returned)
