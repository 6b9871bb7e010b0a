from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    INELIGIBLE = "ineligible", _("Ineligible")
    UNDER_REVIEW = "under_review", _("Under review")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    SELECTED = "selected", _("Selected")
    NOT_SELECTED = "not_selected", _("Not selected")
    AWARDED = "awarded", _("Awarded")


S = ApplicationStatus
# The allowed next states. `services.set_status` is the only place that moves an application.
# submitted → draft is the officer's reopen (a new version; the old snapshot is kept).
TRANSITIONS = {
    S.DRAFT: {S.SUBMITTED},
    S.SUBMITTED: {S.WITHDRAWN, S.INELIGIBLE, S.UNDER_REVIEW, S.DRAFT},
    S.UNDER_REVIEW: {S.SHORTLISTED, S.NOT_SELECTED, S.SELECTED},
    S.SHORTLISTED: {S.SELECTED, S.NOT_SELECTED, S.SHORTLISTED},
    S.SELECTED: {S.AWARDED, S.NOT_SELECTED},
    S.NOT_SELECTED: set(),
    S.WITHDRAWN: set(),
    S.INELIGIBLE: set(),
    S.AWARDED: set(),
}
del S


class TeamPermission(models.TextChoices):
    MANAGER = "manager", _("Manager")
    EDITOR = "editor", _("Editor")
    VIEWER = "viewer", _("Viewer")


class OrganisationRole(models.TextChoices):
    LEAD = "lead", _("Lead institution (주관)")
    JOINT = "joint", _("Joint institution (공동)")
    SUBCONTRACTED = "subcontracted", _("Subcontracted institution (위탁)")
    PARTICIPATING_COMPANY = "participating_company", _("Participating company (참여기업)")
    DATA_SUPPLIER = "data_supplier", _("Data supplier (데이터 공급)")
