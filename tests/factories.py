"""factory_boy factories for every model the tests build. One module, grouped by app."""

import datetime
from zoneinfo import ZoneInfo

import factory
from django.utils import timezone

from accounts.enums import OrganisationType
from accounts.models import Department, EmailDomain, Organisation, Sanction, User
from applications.enums import ApplicationStatus, OrganisationRole, TeamPermission
from applications.models import Application, Participant, Team, TeamMember
from programmes.enums import ApplicantKind, StageKind
from programmes.models import Call, InstitutionShareRule, Programme, ProgrammeBudget, Stage

KST = ZoneInfo("Asia/Seoul")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name_ko = factory.Sequence(lambda n: f"테스트기관{n}")
    name_en = factory.Sequence(lambda n: f"Test Organisation {n}")
    type = OrganisationType.SME
    business_number = factory.Sequence(lambda n: f"{n % 1000:03d}-{n // 1000 % 100:02d}-{n:05d}")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    organisation = factory.SubFactory(OrganisationFactory)
    name_ko = factory.Sequence(lambda n: f"학과{n}")


class EmailDomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmailDomain

    organisation = factory.SubFactory(OrganisationFactory)
    domain = factory.Sequence(lambda n: f"org{n}.example")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"사용자{n}")
    # A domain of their own: a shared one would make any two users look like colleagues.
    email = factory.LazyAttribute(lambda u: f"{u.username}@{u.username.replace('_', '-')}.example")
    email_verified = True
    password = factory.django.Password("test-pass-2025")


class SanctionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sanction

    organisation = factory.SubFactory(OrganisationFactory)
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=365))
    reason = "연구개발비 부정 사용 (misuse of funds)"


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    code = factory.Sequence(lambda n: f"prog{n}")
    name_ko = factory.Sequence(lambda n: f"사업{n}")
    name_en = factory.Sequence(lambda n: f"Programme {n}")
    agency = "IITP"


class ProgrammeBudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeBudget

    programme = factory.SubFactory(ProgrammeFactory)
    fiscal_year = 2025
    amount = 213_600_000_000


class CallFactory(factory.django.DjangoModelFactory):
    """An open, published consortium call by default."""

    class Meta:
        model = Call

    programme = factory.SubFactory(ProgrammeFactory)
    notice_number = factory.Sequence(lambda n: f"과학기술정보통신부 공고 제2025-{n:04d}호")
    reference_prefix = "TST"
    title_ko = factory.Sequence(lambda n: f"공모{n}")
    title_en = factory.Sequence(lambda n: f"Call {n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=20))
    quota = 5
    max_duration_months = 36
    cap_per_year = 40_000_000_000
    cap_total = 120_000_000_000
    applicant_kind = ApplicantKind.CONSORTIUM
    requires_university = False
    allowed_lead_types = factory.LazyFunction(list)
    required_documents = factory.LazyFunction(list)
    is_published = True


class StageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stage

    call = factory.SubFactory(CallFactory)
    order = factory.Sequence(lambda n: n + 1)
    kind = StageKind.DOCUMENT
    name_ko = "서면평가"
    name_en = "Document review"


class ShareRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InstitutionShareRule

    call = factory.SubFactory(CallFactory)
    organisation_type = OrganisationType.LARGE
    max_government_percent = 50
    min_cash_percent = 15


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    call = factory.SubFactory(CallFactory)
    name_ko = factory.Sequence(lambda n: f"컨소시엄{n}")
    name_en = factory.Sequence(lambda n: f"Consortium {n}")
    created_by = factory.SubFactory(UserFactory)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    team = factory.SubFactory(TeamFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = OrganisationRole.JOINT


class TeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMember

    team = factory.SubFactory(TeamFactory)
    user = factory.SubFactory(UserFactory)
    permission = TeamPermission.EDITOR


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    team = factory.SubFactory(TeamFactory)
    call = factory.SelfAttribute("team.call")
    title_ko = factory.Sequence(lambda n: f"과제{n}")
    title_en = factory.Sequence(lambda n: f"Project {n}")
    status = ApplicationStatus.DRAFT
    duration_months = 36
