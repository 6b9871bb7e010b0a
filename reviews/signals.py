"""Domain events sent by reviews for apps above it (awards) to receive in their apps.py.

stage_gate_decided(sender=Panel, panel=Panel, application=Application, outcome="continue" |
"terminate", decided_by=User) is sent after commit by services.record_decision for each
application of a stage-gate panel. A receiver must be idempotent.
"""

from django.dispatch import Signal

stage_gate_decided = Signal()
