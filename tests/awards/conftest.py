import pytest

from accounts.enums import Role
from applications.enums import BudgetCategory, FundingSource
from tests.awards.factories import AwardFactory, AwardFundingFactory
from tests.conftest import _person


@pytest.fixture
def finance2(db):
    return _person("finance2", Role.FINANCE_OFFICER)


def funded_award(government=None, **award):
    """An active award with government funding {year: won} (one 비목 per year)."""
    award = AwardFactory(**award)
    for year, amount in (government or {2025: 10_000_000_000}).items():
        AwardFundingFactory(
            award=award, fiscal_year=year, category=BudgetCategory.ACTIVITIES,
            source=FundingSource.GOVERNMENT, amount=amount,
        )  # fmt: skip
    return award
