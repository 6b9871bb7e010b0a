import io

import pytest
from django.core.management import call_command

from awards.enums import TrancheStatus
from awards.models import Award, Tranche


@pytest.mark.django_db
def test_the_demo_awards_every_programme_with_tranches_in_every_state(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    by_programme = {}
    for award in Award.objects.select_related("application__call__programme"):
        by_programme.setdefault(award.application.call.programme.code, []).append(award)
    assert {code: len(awards) for code, awards in by_programme.items()} == {
        "wbl": 5, "ai-chip-grad": 3, "pathfinder": 3,
    }  # fmt: skip
    assert {(a.starts_on.isoformat(), a.ends_on.isoformat()) for a in by_programme["wbl"]} == {
        ("2025-08-01", "2028-07-31")
    }
    assert set(Tranche.objects.values_list("status", flat=True)) == set(TrancheStatus.values)
    waiting = Tranche.objects.get(status="requested")
    assert (waiting.requested_by.username, waiting.approved_by) == ("finance1", None)
    lead = by_programme["wbl"][0].application.team.participants.get(role="lead").organisation
    assert (
        lead.head_name
        and lead.address
        and by_programme["wbl"][0].application.principal_investigator
    )
    before = (Award.objects.count(), Tranche.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Award.objects.count(), Tranche.objects.count()) == before
