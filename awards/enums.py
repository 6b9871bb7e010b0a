from django.db import models
from django.utils.translation import gettext_lazy as _


class AwardStatus(models.TextChoices):
    OFFERED = "offered", _("Offered")
    ACTIVE = "active", _("Active (agreement accepted)")
    SUSPENDED = "suspended", _("Suspended")
    TERMINATED = "terminated", _("Terminated")
    COMPLETED = "completed", _("Completed")


S = AwardStatus
# The allowed next states. `services.set_award_status` is the only place that moves an award.
AWARD_TRANSITIONS = {
    S.OFFERED: {S.ACTIVE, S.TERMINATED},
    S.ACTIVE: {S.SUSPENDED, S.TERMINATED, S.COMPLETED},
    S.SUSPENDED: {S.ACTIVE, S.TERMINATED},
    S.TERMINATED: set(),
    S.COMPLETED: set(),
}
del S


class InKindKind(models.TextChoices):
    """In-kind support from the state, valued in won but never paid as cash."""

    GPU = "gpu", _("GPUs")
    DATA = "data", _("Data")
    STAFF = "staff", _("Staff")
