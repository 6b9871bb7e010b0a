from django.db import transaction
from django.utils.translation import gettext as _

from applications.enums import TRANSITIONS, ApplicationStatus


class TransitionRefused(Exception):
    """The application cannot move to that status from where it is."""


@transaction.atomic
def set_status(application, new_status, *, by, reason=""):
    """Move an application to `new_status` if TRANSITIONS allows it.

    Side effects: saves `status` (and the version counter), and records who, when, before,
    after and the reason in the application's history.
    """
    new_status = ApplicationStatus(new_status)
    current = ApplicationStatus(application.status)
    if new_status not in TRANSITIONS[current]:
        raise TransitionRefused(
            _("An application cannot go from %(current)s to %(new)s.")
            % {"current": current.label, "new": new_status.label}
        )
    application.status = new_status
    application.version += 1
    application._history_user = by
    application._change_reason = reason
    application.save(update_fields=["status", "version", "updated_at"])
    return application
