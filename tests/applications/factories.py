"""Factories and builders for the applications tests."""

import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from accounts.enums import OrganisationType
from applications import services
from applications.enums import BudgetCategory, FundingSource, OrganisationRole, TeamPermission
from applications.models import BudgetLine, GpuRequest
from programmes.enums import DocumentKind
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    OrganisationFactory,
    ParticipantFactory,
    ShareRuleFactory,
    TeamMemberFactory,
)


def pdf_bytes():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_upload(name="proposal.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    fiscal_year = 2026
    category = BudgetCategory.ACTIVITIES
    source = FundingSource.GOVERNMENT
    amount = 1_000_000_000


class GpuRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GpuRequest

    gpu_type = "B200"
    count = 512
    gpu_hours_per_quarter = 1_000_000


def ready_application(user, *, call=None, permission=TeamPermission.MANAGER, **call_kwargs):
    """A consortium draft that passes every rule of its call, with `user` as a member.

    Lead: a mid-sized company (70% government, 13% cash); a university takes part.
    """
    call = call or CallFactory(
        reference_prefix="WBL",
        requires_university=True,
        allowed_lead_types=[OrganisationType.MIDSIZE, OrganisationType.UNIVERSITY],
        required_documents=[DocumentKind.PROPOSAL],
        **call_kwargs,
    )
    for org_type, government, cash in [
        (OrganisationType.MIDSIZE, 70, 13),
        (OrganisationType.UNIVERSITY, 100, 0),
    ]:
        if not call.share_rules.filter(organisation_type=org_type).exists():
            ShareRuleFactory(
                call=call,
                organisation_type=org_type,
                max_government_percent=government,
                min_cash_percent=cash,
            )
    application = ApplicationFactory(
        team__call=call,
        summary="한국어 초거대 모델",
        objectives="목표",
        kpis="KPI",
        duration_months=24,
    )
    team = application.team
    TeamMemberFactory(team=team, user=user, permission=permission)
    lead_org = OrganisationFactory(name_ko="주관기업", type=OrganisationType.MIDSIZE)
    university = OrganisationFactory(name_ko="참여대학교", type=OrganisationType.UNIVERSITY)
    lead = ParticipantFactory(team=team, organisation=lead_org, role=OrganisationRole.LEAD)
    uni = ParticipantFactory(team=team, organisation=university, role=OrganisationRole.JOINT)
    # Lead: 7억 government, 2억 cash, 1억 in kind (70% government, 66% cash).
    BudgetLineFactory(application=application, participant=lead, amount=700_000_000)
    BudgetLineFactory(
        application=application, participant=lead, source=FundingSource.CASH, amount=200_000_000
    )
    BudgetLineFactory(
        application=application, participant=lead, source=FundingSource.IN_KIND, amount=100_000_000
    )
    BudgetLineFactory(application=application, participant=uni, amount=300_000_000)
    GpuRequestFactory(application=application)
    services.attach_document(
        application, kind=DocumentKind.PROPOSAL, uploaded_file=pdf_upload(), by=user
    )
    application.refresh_from_db()
    return application
