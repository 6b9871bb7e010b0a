"""Receivers of the domain events of apps below letters."""

from django.db import transaction
from django.utils.translation import gettext as _

from letters import services
from letters.enums import LetterStatus
from letters.models import AwardLetter
from programmes.money import korean_date


def revoke_letters_of_terminated_award(sender, award, by, terminated_on=None, **kwargs):
    """A terminated award's letter stops vouching for it. Idempotent: a revoked letter stays."""
    reason = _("The award was terminated on %(date)s.") % {"date": korean_date(terminated_on)}
    with transaction.atomic():
        letters = AwardLetter.objects.select_for_update().filter(
            award=award, status=LetterStatus.VALID
        )
        for letter in letters:
            services.set_letter_status(letter, LetterStatus.REVOKED, by=by, reason=reason)
