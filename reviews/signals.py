"""Domain events sent by reviews for apps above it (awards) to receive in their apps.py.

stage_gate_decided(sender=Panel, panel=Panel, application=Application, outcome="continue" |
"terminate", decided_by=User) is sent after commit by services.record_decision for each
application of a stage-gate panel. A receiver must be idempotent.
"""

from django.dispatch import Signal

stage_gate_decided = Signal()

# decision_revoked(sender=Panel, panel_id=int, application_ids=[int], revoked_by_id=int) is sent
# with send_robust after commit by reviews.revocation.revoke_decision: the panel's decision no
# longer stands and its applications are under review again. A receiver must be idempotent.
decision_revoked = Signal()
