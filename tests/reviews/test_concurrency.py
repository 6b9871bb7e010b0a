"""Two officers confirming two selection panels of one call at the same moment cannot
together exceed the quota: record_decision locks the call row first."""

import threading
from decimal import Decimal

import pytest
from django.db import OperationalError, connection

from applications.models import Application
from reviews import services
from reviews.enums import DecisionRule, PanelPurpose
from reviews.models import Review
from tests.factories import ApplicationFactory, StageFactory
from tests.reviews.conftest import person
from tests.reviews.factories import PanelFactory


@pytest.mark.django_db(transaction=True)
def test_simultaneous_selections_never_exceed_the_quota(officer):
    stage = StageFactory(call__quota=5)
    reviewer = person("judge")
    panels = []
    for p in range(2):
        panel = PanelFactory(stage=stage, purpose=PanelPurpose.SELECT, aggregation="mean")
        for i in range(3):
            app = ApplicationFactory(
                team__call=stage.call, status="under_review", reference=f"C{p}-{i}"
            )
            Review.objects.create(
                panel=panel, application=app, reviewer=reviewer, status="submitted",
                total=Decimal(90 - i),
            )  # fmt: skip
        panels.append(panel)
    barrier = threading.Barrier(2)
    outcomes = []

    def decide(panel):
        try:
            barrier.wait()
            services.record_decision(
                panel, rule=DecisionRule.TOP_K, k=3, rationale="동시 결정", by=officer
            )
            outcomes.append("ok")
        except (services.QuotaExceeded, OperationalError) as refusal:
            outcomes.append(type(refusal).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(p,)) for p in panels]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes)[-1] == "ok" and outcomes.count("ok") == 1
    assert Application.objects.filter(status="selected").count() == 3
