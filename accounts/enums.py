from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationType(models.TextChoices):
    LARGE = "large", _("Large company")
    MIDSIZE = "midsize", _("Mid-sized company")
    SME = "sme", _("Small or medium enterprise")
    UNIVERSITY = "university", _("University (industry-academic cooperation foundation)")
    GRI = "gri", _("Government-funded research institute")
    PUBLIC = "public", _("Public body")
    NONPROFIT = "nonprofit", _("Non-profit organisation")
    FOREIGN = "foreign", _("Foreign organisation")


class Role(models.TextChoices):
    """Site-wide roles, stored as auth groups. Panel chairs are per panel, not a role."""

    APPLICANT = "applicant", _("Applicant")
    REVIEWER = "reviewer", _("Reviewer")
    PROGRAMME_OFFICER = "programme_officer", _("Programme officer")
    FINANCE_OFFICER = "finance_officer", _("Finance officer")
    AUDITOR = "auditor", _("Auditor")


# Domains shared by unrelated people: a matching domain there says nothing about a conflict.
WEBMAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "naver.com",
        "daum.net",
        "hanmail.net",
        "kakao.com",
        "nate.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "yahoo.com",
        "yahoo.co.kr",
        "icloud.com",
        "me.com",
        "proton.me",
        "protonmail.com",
    }
)
