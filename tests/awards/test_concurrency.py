"""Twenty approvals at once against one fiscal year's ceiling, on PostgreSQL."""

import threading

import pytest
from django.db import connection
from django.db.models import Sum

from accounts.enums import Role
from awards import disbursements
from awards.models import Tranche
from awards.services import AwardRefused
from tests.awards.conftest import funded_award
from tests.awards.factories import TrancheFactory
from tests.conftest import _person
from tests.support import require

BILLION = 1_000_000_000


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_approvals_approve_exactly_the_affordable_ones(finance):
    require(connection.vendor == "postgresql", "row locks need PostgreSQL (set DATABASE_URL)")
    checker = _person("checker", Role.FINANCE_OFFICER)
    award = funded_award({2025: 7 * BILLION})
    tranches = [TrancheFactory(award=award, amount=BILLION) for _ in range(20)]
    for tranche in tranches:
        disbursements.request_tranche(tranche, by=finance)
    barrier = threading.Barrier(len(tranches))
    outcomes = []

    def approve(tranche):
        try:
            barrier.wait()
            disbursements.approve_tranche(Tranche.objects.get(pk=tranche.pk), by=checker)
            outcomes.append("approved")
        except AwardRefused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(t,)) for t in tranches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["approved"] * 7 + ["refused"] * 13
    approved = Tranche.objects.filter(status="approved")
    assert approved.count() == 7
    assert approved.aggregate(total=Sum("amount"))["total"] == 7 * BILLION


@pytest.mark.django_db(transaction=True)
def test_two_officers_creating_the_same_award_at_once_create_one(officer):
    require(connection.vendor == "postgresql", "row locks need PostgreSQL (set DATABASE_URL)")
    import datetime

    from applications.models import Application
    from awards import services
    from awards.models import Award
    from tests.factories import ApplicationFactory

    application = ApplicationFactory(status="selected", reference="WBL-2025-0009")
    barrier = threading.Barrier(2)
    outcomes = []

    def create():
        try:
            barrier.wait()
            services.create_award(
                Application.objects.get(pk=application.pk), by=officer,
                starts_on=datetime.date(2025, 8, 1), ends_on=datetime.date(2028, 7, 31),
            )  # fmt: skip
            outcomes.append("created")
        except AwardRefused as refusal:
            outcomes.append(list(refusal.errors))
        finally:
            connection.close()

    threads = [threading.Thread(target=create) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes, key=str) == [["application"], "created"]
    assert Award.objects.filter(application=application).count() == 1
