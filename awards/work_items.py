"""Work-queue items of awards: tranches waiting for a checker (never one's own request),
reports to judge, overdue tranches. A constant number of queries per user."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.enums import ReportStatus, TrancheStatus
from awards.models import ProgressReport, Tranche
from programmes.workqueue import WorkItem


def awards_work(user):
    items = []
    if user.is_finance or user.is_officer:
        today = timezone.localdate()
        counts = Tranche.objects.aggregate(
            waiting=Count("id", filter=Q(status=TrancheStatus.REQUESTED) & ~Q(requested_by=user)),
            overdue=Count(
                "id",
                filter=Q(
                    status__in=[
                        TrancheStatus.PLANNED,
                        TrancheStatus.REQUESTED,
                        TrancheStatus.APPROVED,
                    ],
                    due_on__lt=today,
                ),
            ),  # fmt: skip
        )
        if user.is_finance and counts["waiting"]:
            items.append(WorkItem(
                label=_("Tranches waiting for your approval"), count=counts["waiting"],
                url=reverse("awards:tranche-list") + "?status=requested",
            ))  # fmt: skip
        if counts["overdue"]:
            items.append(WorkItem(
                label=_("Overdue tranches"), count=counts["overdue"],
                url=reverse("awards:tranche-list") + "?overdue=1", urgent=True,
            ))  # fmt: skip
    if user.is_officer:
        waiting = ProgressReport.objects.filter(status=ReportStatus.SUBMITTED).count()
        if waiting:
            items.append(WorkItem(
                label=_("Progress reports to accept"), count=waiting,
                url=reverse("awards:report-list") + "?status=submitted",
            ))  # fmt: skip
    return items
