"""Receivers of domain events sent by the apps below (connected in apps.py)."""

from reviews import tasks


def on_team_changed(sender, *, application_id, **kwargs):
    """applications.signals.team_changed (sent after commit): re-check conflicts by id."""
    tasks.recheck_conflicts.delay(application_id=application_id)
