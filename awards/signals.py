"""Domain events sent by awards for apps above it (letters, allocations) to receive in apps.py.

award_terminated(sender=Award, award=Award, event_id=str, terminated_on=date, by=User) is sent
with send_robust after commit when an award is terminated (at a stage gate or by an officer).
`event_id` is unique per termination, so a receiver can be idempotent.
"""

from django.dispatch import Signal

award_terminated = Signal()
