"""What awards does when a lower app's event arrives (connected in apps.py)."""

from awards.enums import AWARD_TRANSITIONS, AwardStatus
from awards.models import Award
from awards.services import terminate_award


def end_award_at_stage_gate(sender, *, application, outcome, decided_by, panel=None, **kwargs):
    """A stage gate decided "terminate": the application's award ends. Receiving the event
    twice changes nothing (terminate_award is idempotent)."""
    if outcome != "terminate":
        return
    award = Award.objects.filter(application_id=application.pk).first()
    # Nothing to end: no award, or one already closed (a completed award stays completed).
    if award is None or AwardStatus.TERMINATED not in AWARD_TRANSITIONS[AwardStatus(award.status)]:
        return
    reason = f"단계평가 탈락 ({panel})" if panel is not None else "단계평가 탈락"
    terminate_award(award, by=decided_by, reason=reason)
