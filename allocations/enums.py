from django.db import models
from django.utils.translation import gettext_lazy as _


class EntryKind(models.TextChoices):
    """What a ledger entry does to an award's GPU time for one quarter and GPU type."""

    GRANT = "grant", _("Grant")
    SUPPLEMENT = "supplement", _("Supplement")
    TRANSFER_IN = "transfer_in", _("Transfer in")
    TRANSFER_OUT = "transfer_out", _("Transfer out")
    RECLAIM = "reclaim", _("Reclaim")
    CARRY_IN = "carry_in", _("Carry-over in")
    CARRY_OUT = "carry_out", _("Carry-over out")
    EXPIRY = "expiry", _("Expiry")
    RETURN = "return", _("Returned to the pool (termination)")
    RELEASE = "release", _("Released to the team")


K = EntryKind
# The sign each kind must carry: the database refuses the wrong one.
POSITIVE_KINDS = {K.GRANT, K.SUPPLEMENT, K.TRANSFER_IN, K.CARRY_IN, K.RELEASE}
NEGATIVE_KINDS = {K.TRANSFER_OUT, K.RECLAIM, K.CARRY_OUT, K.EXPIRY, K.RETURN}
# Released time is bookkept beside the awarded time, never added to it.
AWARDED_KINDS = POSITIVE_KINDS - {K.RELEASE} | NEGATIVE_KINDS
# Utilisation divides by what the team was given for the quarter: carry-over out and expiry
# happen when the quarter is closed, after the fact, and must not shrink the denominator.
ALLOTTED_KINDS = AWARDED_KINDS - {K.CARRY_OUT, K.EXPIRY}
del K


class TrancheStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    INSTALLED = "installed", _("Installed")


class DataGrantStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    AGREED = "agreed", _("Agreement signed")
    PROVIDED = "provided", _("Provided")
    EXPIRED = "expired", _("Access expired")
    WITHDRAWN = "withdrawn", _("Withdrawn")


D = DataGrantStatus
# The allowed next states; `services.set_data_grant_status` is the only place that moves one.
DATA_GRANT_TRANSITIONS = {
    D.REQUESTED: {D.AGREED, D.WITHDRAWN},
    D.AGREED: {D.PROVIDED, D.WITHDRAWN},
    D.PROVIDED: {D.EXPIRED},
    D.EXPIRED: set(),
    D.WITHDRAWN: set(),
}
del D


class StaffRole(models.TextChoices):
    RESEARCHER = "researcher", _("Researcher")
    ENGINEER = "engineer", _("ML engineer")
    DATA = "data", _("Data engineer")
    OVERSEAS = "overseas", _("Overseas expert")
    STUDENT = "student", _("Graduate student")


class UsageSource(models.TextChoices):
    API = "api", _("Operator API")
    CSV = "csv", _("CSV upload")


class UsageOutcome(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    DUPLICATE = "duplicate", _("Duplicate")
    REJECTED = "rejected", _("Rejected")


class AlertKind(models.TextChoices):
    OVER = "over", _("Use threshold reached")
    UNDER = "under", _("Persistent under-use")


# Used / allotted, in percent, at which an alert is raised once per team × quarter × GPU type.
USE_THRESHOLDS = (50, 75, 90, 100)
# Under this share of the allotment in each of the last two completed quarters: under-use.
UNDER_USE_PERCENT = 50
UNDER_USE_QUARTERS = 2
