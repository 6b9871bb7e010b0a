from django.db import models
from django.utils.translation import gettext_lazy as _


class Agency(models.TextChoices):
    MSIT = "MSIT", _("Ministry of Science and ICT")
    NIPA = "NIPA", _("National IT Industry Promotion Agency (NIPA)")
    NIA = "NIA", _("National Information Society Agency (NIA)")
    IITP = "IITP", _("Institute of Information & Communications Technology Planning (IITP)")
    NRF = "NRF", _("National Research Foundation of Korea (NRF)")


class ApplicantKind(models.TextChoices):
    CONSORTIUM = "consortium", _("Consortium")
    INDIVIDUAL = "individual", _("Individual researcher with a host institution")
    UNIVERSITY = "university", _("University")


class StageKind(models.TextChoices):
    ELIGIBILITY = "eligibility", _("Eligibility screening")
    DOCUMENT = "document", _("Document review")
    PRESENTATION = "presentation", _("Presentation review")
    BUDGET = "budget", _("Budget deliberation")
    STAGE_GATE = "stage_gate", _("Stage gate")


class DocumentKind(models.TextChoices):
    PROPOSAL = "proposal", _("Research proposal")
    CV = "cv", _("CV")
    COMMITMENT_LETTER = "commitment_letter", _("Letter of commitment")
    ELIGIBILITY_EVIDENCE = "eligibility_evidence", _("Eligibility evidence")
    CURRICULUM = "curriculum", _("Curriculum plan")
    BUDGET_PLAN = "budget_plan", _("Budget plan")
    OTHER = "other", _("Other")
