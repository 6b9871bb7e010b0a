from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


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
# shortlisted | selected | not_selected → under_review is a panel's decision revoked by an
# officer with a reason, or after an upheld objection (reviews.judgments.revoke_decision).
TRANSITIONS = {
    S.DRAFT: {S.SUBMITTED},
    S.SUBMITTED: {S.WITHDRAWN, S.INELIGIBLE, S.UNDER_REVIEW, S.DRAFT},
    S.UNDER_REVIEW: {S.SHORTLISTED, S.NOT_SELECTED, S.SELECTED},
    S.SHORTLISTED: {S.SELECTED, S.NOT_SELECTED, S.SHORTLISTED, S.UNDER_REVIEW},
    S.SELECTED: {S.AWARDED, S.NOT_SELECTED, S.UNDER_REVIEW},
    S.NOT_SELECTED: {S.UNDER_REVIEW},
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
    # A context of their own: the Korean is the official term (주관연구개발기관 …), not the
    # shorter column heading that shares the English words.
    LEAD = "lead", pgettext_lazy("consortium role", "Lead institution")
    JOINT = "joint", pgettext_lazy("consortium role", "Joint institution")
    SUBCONTRACTED = "subcontracted", pgettext_lazy("consortium role", "Subcontracted institution")
    PARTICIPATING_COMPANY = (
        "participating_company",
        pgettext_lazy("consortium role", "Participating company"),
    )
    DATA_SUPPLIER = "data_supplier", pgettext_lazy("consortium role", "Data supplier")


class BudgetCategory(models.TextChoices):
    """비목: direct costs (직접비) and indirect costs (간접비)."""

    SALARIES = "salaries", _("Salaries (인건비)")
    STUDENT_SALARIES = "student_salaries", _("Student salaries (학생인건비)")
    EQUIPMENT = "equipment", _("Facilities and equipment (연구시설·장비비)")
    MATERIALS = "materials", _("Research materials (연구재료비)")
    ACTIVITIES = "activities", _("Research activities (연구활동비)")
    RUNNING = "running", _("Running costs (연구과제추진비)")
    ALLOWANCE = "allowance", _("Researcher allowance (연구수당)")
    SUBCONTRACTED = "subcontracted", _("Subcontracted R&D (위탁연구개발비)")
    INDIRECT = "indirect", _("Indirect costs (간접비)")


class FundingSource(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    CASH = "cash", _("Institution, cash")
    IN_KIND = "in_kind", _("Institution, in kind")


class GpuType(models.TextChoices):
    H100 = "H100", "H100"
    H200 = "H200", "H200"
    B200 = "B200", "B200"
    NPU = "npu", _("Domestic NPU")
