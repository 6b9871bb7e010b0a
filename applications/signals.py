"""Domain events sent by applications for apps above it (reviews) to receive in their apps.py.

team_changed(sender=Team, application_id=int, team_id=int) is sent after commit, with
send_robust, each time the consortium's composition changes: a participating organisation
added or removed, a member joined. Reviews re-checks conflicts of interest of the application's
active reviews on it. A receiver must be idempotent: it gets ids, not a description of the
change, and reads the team as it is.
"""

from django.dispatch import Signal

team_changed = Signal()
