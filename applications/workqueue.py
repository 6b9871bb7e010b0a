"""What the applications app leaves waiting for programme staff: submitted applications not
yet screened for eligibility or sent to a panel. Registered in ApplicationsConfig.ready()."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.enums import ApplicationStatus
from applications.models import Application
from programmes.workqueue import WorkItem


def screening_work(user):
    """One query. Urgent once a waiting application's call has closed (screening is due)."""
    if not (user.is_officer or user.is_auditor):
        return []
    counts = Application.objects.filter(status=ApplicationStatus.SUBMITTED).aggregate(
        waiting=Count("id"), due=Count("id", filter=Q(call__closes_at__lt=timezone.now()))
    )
    if not counts["waiting"]:
        return []
    url = reverse("application-list")
    return [
        WorkItem(
            label=_("Applications to screen"),
            count=counts["waiting"],
            url=f"{url}?status={ApplicationStatus.SUBMITTED}",
            urgent=bool(counts["due"]),
        )
    ]
