from collections import Counter

import pytest

from accounts import demo as accounts_demo
from applications.models import Application, Participant
from programmes import demo as programmes_demo
from programmes.models import Call
from reviews import demo
from reviews.models import Panel
from tests.factories import ApplicationFactory


@pytest.fixture
def wbl(db):
    accounts_demo.seed()
    programmes_demo.seed()
    return Call.objects.get(notice_number=demo.WBL_2025)


def test_demo_skips_gracefully_without_submitted_applications(wbl):
    assert demo.seed() == {"panels": 0, "reviews": 0, "decisions": 0}
    assert Panel.objects.count() == 0


def test_demo_runs_the_funnel_15_to_10_to_5_and_is_idempotent(wbl):
    from accounts.models import Organisation

    universities = list(Organisation.objects.filter(name_ko__in=["한결대학교", "여울대학교"]))
    for i in range(15):
        application = ApplicationFactory(
            team__call=wbl, status="submitted", reference=f"WBL-2025-{i + 1:04d}"
        )
        if i < 4:  # two teams with 한결대학교 (reviewer1's), two with 여울대학교 (reviewer6's)
            Participant.objects.create(
                team=application.team, organisation=universities[i % 2], role="joint"
            )
    created = demo.seed()
    assert created == {"panels": 2, "reviews": 125, "decisions": 25}
    statuses = Counter(Application.objects.filter(call=wbl).values_list("status", flat=True))
    assert statuses == {"selected": 5, "not_selected": 10}
    document = Panel.objects.get(name_ko="서면평가위원회")
    assert document.decisions.filter(outcome="advance").count() == 10
    assert document.members.get(role="chair").user.username == "chair"
    # reviewer1 (한결대학교) is never assigned to a 한결 team; reviewer6 (여울) to a 여울 team
    assert not document.reviews.filter(
        reviewer__username="reviewer1",
        application__team__participants__organisation__name_ko="한결대학교",
    ).exists()
    assert demo.seed() == {"panels": 0, "reviews": 0, "decisions": 0}
