"""Domain events sent by reviews for apps above it (awards) to receive in their apps.py.

stage_gate_decided(sender=Panel, panel=Panel, application=Application, outcome="continue" |
"terminate", decided_by=User, decision_id=int) is sent after commit, with send_robust, by
services.record_decision for each application of a stage-gate panel. A receiver must be
idempotent (key on decision_id).

decision_revoked(sender=Panel, panel_id=int, revocation_id=int, decision_ids=[int],
application_ids=[int], revoked_by_id=int) is sent
after commit, with send_robust, by judgments.revoke_decision when an officer revokes a panel's
recorded decision (the Decision rows stay, pointing at the revocation). A receiver that acted
on stage_gate_decided must look at it again.
"""

from django.dispatch import Signal

stage_gate_decided = Signal()
decision_revoked = Signal()
