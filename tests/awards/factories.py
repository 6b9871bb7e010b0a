"""Awards for tests of awards, letters and allocations: one shared factory, so those apps'
tests build the same kind of award."""

import datetime

import factory

from applications.enums import ApplicationStatus, BudgetCategory, FundingSource, GpuType
from awards.enums import AwardStatus, InKindKind
from awards.models import Award, AwardFunding, InKindSupport, Tranche
from tests.factories import ApplicationFactory, UserFactory


class AwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Award

    application = factory.SubFactory(
        ApplicationFactory,
        status=ApplicationStatus.AWARDED,
        reference=factory.Sequence(lambda n: f"WBL-2025-{n:04d}"),
    )
    number = factory.Sequence(lambda n: f"RS-2025-{n:05d}")
    status = AwardStatus.ACTIVE
    starts_on = datetime.date(2025, 8, 1)
    ends_on = datetime.date(2028, 7, 31)
    agreement_deadline = datetime.date(2025, 8, 29)
    created_by = factory.SubFactory(UserFactory)


class AwardFundingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwardFunding

    award = factory.SubFactory(AwardFactory)
    fiscal_year = 2025
    category = BudgetCategory.ACTIVITIES
    source = FundingSource.GOVERNMENT
    amount = 10_000_000_000


class GpuSupportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InKindSupport

    award = factory.SubFactory(AwardFactory)
    fiscal_year = 2025
    kind = InKindKind.GPU
    description_ko = "B200 GPU 512장"
    gpu_type = GpuType.B200
    gpu_count = 512
    gpu_seconds = 512 * 24 * 3600 * 153
    value = 30_000_000_000


class TrancheFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tranche

    award = factory.SubFactory(AwardFactory)
    fiscal_year = 2025
    amount = 1_000_000_000
    due_on = datetime.date(2025, 9, 30)
    created_by = factory.SubFactory(UserFactory)
