"""An award worth a letter: a lead institution with its head, a consortium, funding by year,
GPUs in kind, a final-selection decision; and the team's member as the letter's reader."""

import datetime

import pytest

from applications.enums import FundingSource, OrganisationRole
from tests import factories
from tests.awards.factories import AwardFactory, AwardFundingFactory, GpuSupportFactory


@pytest.fixture
def award(db, applicant):
    lead = factories.OrganisationFactory(
        name_ko="한빛인공지능", name_en="Hanbit AI", head_title="대표이사", head_name="정한빛"
    )
    team = factories.TeamFactory(name_ko="한빛 컨소시엄", name_en="Hanbit Consortium")
    factories.ParticipantFactory(team=team, organisation=lead, role=OrganisationRole.LEAD)
    university = factories.OrganisationFactory(name_ko="가람대학교", name_en="Garam University")
    factories.ParticipantFactory(team=team, organisation=university, role=OrganisationRole.JOINT)
    factories.TeamMemberFactory(team=team, user=applicant)
    award = AwardFactory(
        application__team=team,
        application__call=team.call,
        application__title_ko="한국어 초거대 언어모델 개발",
        application__title_en="A Korean foundation model",
        application__principal_investigator="최연구",
    )
    for year, amount in [(2025, 50_000_000_000), (2026, 100_000_000_000), (2027, 63_600_000_000)]:
        AwardFundingFactory(award=award, fiscal_year=year, amount=amount)
    AwardFundingFactory(
        award=award, fiscal_year=2025, source=FundingSource.CASH, amount=5_000_000_000
    )
    GpuSupportFactory(award=award, fiscal_year=2025)
    return award


@pytest.fixture
def outsider(other_applicant):
    return other_applicant


@pytest.fixture
def today():
    return datetime.date(2025, 8, 4)


@pytest.fixture
def make_letter(officer):
    """A letter row written directly, with a small stand-in PDF: for permission, page and
    verification tests that do not need WeasyPrint (the rendering tests issue real ones)."""
    import hashlib
    import secrets

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from letters.enums import LetterStatus
    from letters.models import AwardLetter
    from letters.services import issuing_unit_for, take_document_number

    def make(award, *, version=None, status=LetterStatus.VALID, reason=""):
        unit = issuing_unit_for(award)
        body = b"%PDF-1.7 stand-in " + secrets.token_bytes(8)
        letter = AwardLetter(
            award=award,
            award_version=version or award.version,
            unit=unit,
            document_number=take_document_number(unit),
            verification_code=secrets.token_urlsafe(32),
            issued_at=timezone.now(),
            issued_by=officer,
            issuer=unit.issuer_ko,
            recipient_organisation="한빛인공지능",
            project_title=award.application.title_ko,
            government_total=213_600_000_000,
            status=status,
            status_reason=reason,
            sha256=hashlib.sha256(body).hexdigest(),
            size=len(body),
        )
        letter.pdf.save("letter.pdf", ContentFile(body), save=False)
        letter.save()
        return letter

    return make
