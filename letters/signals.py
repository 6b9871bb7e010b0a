"""Domain events sent by letters. Nothing above letters receives them yet; batches do.

letter_issued(sender=AwardLetter, letter_id=int) is sent with send_robust after the commit that
made a letter valid. A letter is issued once per award version, so `letter_id` identifies the
event and a receiver can be idempotent.
"""

from django.dispatch import Signal

letter_issued = Signal()
