import datetime

from django.core import mail

from allocations import services
from allocations.ingest import ingest_usage
from allocations.models import PoolTranche, UtilisationAlert
from allocations.tasks import send_utilisation_digest
from programmes.quarters import Quarter
from tests.allocations.conftest import DAY, Q1


def use(operator, team, key, quarter, seconds, gpu_type="B200"):
    start = quarter.first_day
    report = ingest_usage(
        operator,
        [{
            "external_id": key, "award": team.number, "gpu_type": gpu_type,
            "period_start": f"{start}T00:00:00+09:00", "period_end": f"{start}T23:00:00+09:00",
            "gpu_seconds": seconds,
        }],
    )  # fmt: skip
    assert report.accepted == 1, report.rows


def test_thresholds_raise_once_each_and_the_beat_task_mails_one_digest(
    pool, operator, award, officer, django_capture_on_commit_callbacks
):
    officer.email = "officer@msit.example"
    officer.save()
    services.grant_gpu_time(
        award=award, pool=pool, quarter=Q1, gpu_type="B200", gpu_count=1, by=officer
    )
    use(operator, award, "a", Q1, 90 * DAY * 76 // 100)  # 76% of one GPU's quarter
    with_day = datetime.date(2026, 2, 15)
    from allocations import alerts

    assert alerts.raise_alerts(today=with_day) == 2  # 50% and 75%
    assert alerts.raise_alerts(today=with_day) == 0
    use(operator, award, "b", Q1, 90 * DAY * 24 // 100)  # now 100%
    assert alerts.raise_alerts(today=with_day) == 2  # 90% and 100%
    levels = sorted(UtilisationAlert.objects.values_list("level", flat=True))
    assert levels == [50, 75, 90, 100]
    with django_capture_on_commit_callbacks(execute=True):
        assert alerts.send_digest() == 4
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["officer@msit.example"]
    assert award.number in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        assert send_utilisation_digest.delay().get() == (0, 0)  # nothing new: nothing sent
    assert len(mail.outbox) == 1


def test_persistent_under_use_is_raised_after_two_quarters_below_half(
    pool, operator, award, other_award, officer
):
    PoolTranche.objects.filter(gpu_type="B200").update(count=1000)
    q1, q2 = Q1, Quarter(2026, 2)
    for quarter in (q1, q2):
        for team in (award, other_award):
            services.grant_gpu_time(
                award=team, pool=pool, quarter=quarter, gpu_type="B200", gpu_count=1, by=officer
            )
    use(operator, award, "a1", q1, 10 * DAY)  # 11%
    use(operator, award, "a2", q2, 10 * DAY)
    use(operator, other_award, "o1", q1, 60 * DAY)  # 66%: not under-used
    use(operator, other_award, "o2", q2, 10 * DAY)
    from allocations import alerts

    alerts.raise_alerts(today=datetime.date(2026, 7, 10))
    under = UtilisationAlert.objects.filter(kind="under")
    assert [(a.award_id, a.year, a.quarter) for a in under] == [(award.pk, 2026, 2)]
    # Only one quarter completed: nothing is persistent yet.
    UtilisationAlert.objects.all().delete()
    alerts.raise_alerts(today=datetime.date(2026, 5, 10))
    assert not UtilisationAlert.objects.filter(kind="under").exists()
