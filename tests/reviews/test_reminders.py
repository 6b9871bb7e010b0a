import datetime

from django.utils import timezone

from reviews import services
from reviews.models import Review
from reviews.tasks import send_review_reminders
from tests.reviews.conftest import join, person


def test_reminders_go_to_unfinished_reviewers_once_and_escalate_to_the_chair(
    panel, chair, own_application, other_application, officer, mailoutbox,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    late, done = person("late"), person("done")
    join(panel, late)
    join(panel, done)
    services.assign_reviewers(
        panel, pairs=[(late, own_application), (done, other_application)], by=officer
    )
    Review.objects.filter(reviewer=done).update(status="submitted", total=80)
    panel.closes_at = timezone.now() + datetime.timedelta(hours=12)
    panel.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_review_reminders() == (1, 1)
    assert sorted(m.to[0] for m in mailoutbox) == ["chair@chair.example", "late@late.example"]
    with django_capture_on_commit_callbacks(execute=True):
        assert send_review_reminders() == (0, 0)  # not again within 20 hours
    assert len(mailoutbox) == 2


def test_no_reminder_when_the_deadline_is_far(panel, own_application, officer, mailoutbox):
    reviewer = person("calm")
    join(panel, reviewer)
    services.assign_reviewers(panel, pairs=[(reviewer, own_application)], by=officer)
    panel.closes_at = timezone.now() + datetime.timedelta(days=10)
    panel.save()
    assert services.remind_reviewers() == (0, 0)
