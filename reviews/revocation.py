"""Revoking a panel's recorded decision for an upheld objection (reviews.objections).

One rule for every revocation: this delegates to reviews.judgments.revoke_decision (the
Decision rows stay and point at the revocation, with its reason) and speaks the objections'
error type.
"""

from django.db import transaction

from reviews.services import ReviewError


class RevocationRefused(Exception):
    """The decision cannot be revoked; the message says why."""


@transaction.atomic
def revoke_decision(panel, *, reason, by):
    from reviews.judgments import revoke_decision as revoke

    try:
        return revoke(panel, reason=reason, by=by)
    except ReviewError as refusal:
        raise RevocationRefused(str(refusal)) from None
