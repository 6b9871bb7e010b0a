"""Two officers granting the last GPUs at the same moment, on PostgreSQL where locks are real."""

import threading

import pytest
from django.db import connection

from allocations import services
from allocations.models import LedgerEntry
from tests.allocations.conftest import Q1
from tests.support import require


@pytest.mark.django_db(transaction=True)
def test_simultaneous_grants_never_over_commit_the_pool(pool, award, other_award, officer):
    require(connection.vendor == "postgresql", "row locks need PostgreSQL (set DATABASE_URL)")
    barrier = threading.Barrier(2)
    outcomes = []

    def grant(team):
        try:
            barrier.wait()
            services.grant_gpu_time(
                award=team, pool=pool, quarter=Q1, gpu_type="B200", gpu_count=60, by=officer
            )
            outcomes.append("ok")
        except services.AllocationRefused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=grant, args=(team,)) for team in (award, other_award)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert LedgerEntry.objects.count() == 1
