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


class TrancheStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    PAID = "paid", _("Paid")
    CANCELLED = "cancelled", _("Cancelled")


T = TrancheStatus
# `services.set_tranche_status` is the only place that moves a tranche.
TRANCHE_TRANSITIONS = {
    T.PLANNED: {T.REQUESTED, T.CANCELLED},
    T.REQUESTED: {T.APPROVED, T.CANCELLED},
    T.APPROVED: {T.PAID},
    T.PAID: set(),
    T.CANCELLED: set(),
}
# What counts against the ceilings: money the state has agreed to release or released.
COMMITTED = (T.APPROVED, T.PAID)
OPEN = (T.PLANNED, T.REQUESTED, T.APPROVED)
del T


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned for changes")


R = ReportStatus
REPORT_TRANSITIONS = {
    R.DRAFT: {R.SUBMITTED},
    R.SUBMITTED: {R.ACCEPTED, R.RETURNED},
    R.RETURNED: {R.SUBMITTED},
    R.ACCEPTED: set(),
}
del R


class CarryOverStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class ProgrammeKind(models.TextChoices):
    """What an award's progress is measured by, read from its call's applicant kind."""

    FOUNDATION_MODEL = "foundation_model", _("World Best LLM")
    GRADUATE_SCHOOL = "graduate_school", _("AI chip graduate school")
    PATHFINDER = "pathfinder", _("AI Pathfinder")


class KpiMetric(models.TextChoices):
    FRONTIER_RATIO = "frontier_ratio", _("Benchmark score against the best global model")
    MODEL_PARAMETERS = "model_parameters", _("Model size")
    OPEN_RELEASES = "open_releases", _("Open releases")
    STUDENTS_ENROLLED = "students_enrolled", _("Students enrolled")
    GRADUATES = "graduates", _("Graduates (master's and PhD)")
    FACULTY = "faculty", _("Full-time faculty")
    RECRUITED = "recruited", _("Researcher recruited and in post")
    JOINT_PAPERS = "joint_papers", _("Joint papers with the team joined")


# The KPIs each kind of award reports, with their unit and the usual target. The World Best LLM
# target is the programme's: at least 95% of the best global model of the previous six months.
KPI_TEMPLATES = {
    ProgrammeKind.FOUNDATION_MODEL: [
        (KpiMetric.FRONTIER_RATIO, "%", 95),
        (KpiMetric.MODEL_PARAMETERS, "B", 100),
        (KpiMetric.OPEN_RELEASES, _("releases"), 1),
    ],
    ProgrammeKind.GRADUATE_SCHOOL: [
        (KpiMetric.STUDENTS_ENROLLED, _("students"), 60),
        (KpiMetric.GRADUATES, _("graduates"), 30),
        (KpiMetric.FACULTY, _("faculty"), 7),
    ],
    ProgrammeKind.PATHFINDER: [
        (KpiMetric.RECRUITED, _("researchers"), 1),
        (KpiMetric.JOINT_PAPERS, _("papers"), 2),
    ],
}
