"""Utilisation alerts, both ways, per team × quarter × GPU type, and their e-mail digest.

Over-use: used / allotted reaches 50, 75, 90 or 100%. Under-use: below 50% in each of the last
two completed quarters (reserved GPUs left idle). Each alert is raised once (a unique row), so
running the check twice raises nothing new; the digest sends only what it has not sent.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import Role
from accounts.mail import queue_email
from allocations import queries
from allocations.enums import UNDER_USE_PERCENT, UNDER_USE_QUARTERS, USE_THRESHOLDS, AlertKind
from allocations.models import GpuPool, UtilisationAlert
from programmes.quarters import Quarter


def _completed_before(quarter, count):
    quarters = []
    for _step in range(count):
        quarter = (
            Quarter(quarter.year - 1, 4)
            if quarter.number == 1
            else Quarter(quarter.year, quarter.number - 1)
        )
        quarters.append(quarter)
    return quarters


def raise_alerts(*, today=None):
    """Raise the alerts that hold today and were not raised before; return how many are new."""
    today = today or timezone.localdate()
    current = Quarter.of(today)
    recent = _completed_before(current, UNDER_USE_QUARTERS)
    candidates = []
    for pool in GpuPool.objects.order_by("id"):
        table = queries.utilisation(pool)
        for (award_id, year, number, gpu_type), cell in table["cells"].items():
            quarter = Quarter(year, number)
            if quarter > current or cell["percent"] is None:
                continue
            for level in USE_THRESHOLDS:
                if cell["percent"] >= level:
                    candidates.append(
                        UtilisationAlert(
                            award_id=award_id,
                            pool=pool,
                            year=year,
                            quarter=number,
                            gpu_type=gpu_type,
                            kind=AlertKind.OVER,
                            level=level,
                            percent=cell["percent"],
                        )  # fmt: skip
                    )
        under = {}
        for (award_id, year, number, gpu_type), cell in table["cells"].items():
            percent = cell["percent"]
            under_used = percent is not None and percent < UNDER_USE_PERCENT
            if under_used and Quarter(year, number) in recent:
                under.setdefault((award_id, gpu_type), []).append(percent)
        for (award_id, gpu_type), percents in under.items():
            if len(percents) == UNDER_USE_QUARTERS:
                candidates.append(
                    UtilisationAlert(
                        award_id=award_id,
                        pool=pool,
                        year=recent[0].year,
                        quarter=recent[0].number,
                        gpu_type=gpu_type,
                        kind=AlertKind.UNDER,
                        level=UNDER_USE_PERCENT,
                        percent=max(percents),
                    )  # fmt: skip
                )
    before = UtilisationAlert.objects.count()
    UtilisationAlert.objects.bulk_create(candidates, ignore_conflicts=True)
    return UtilisationAlert.objects.count() - before


def send_digest():
    """E-mail programme officers one digest of the alerts not yet sent; mark them sent.
    Returns the number of alerts in the digest (0: nothing is sent)."""
    from accounts.models import User

    pending = list(
        UtilisationAlert.objects.filter(digested_at__isnull=True)
        .select_related("award__application__team", "pool")
        .order_by("kind", "year", "quarter", "award__number", "gpu_type", "level")
    )
    if not pending:
        return 0
    officers = list(
        User.objects.filter(groups__name=str(Role.PROGRAMME_OFFICER), is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if officers:
        queue_email(
            to=officers,
            subject=_("GPU utilisation: %(n)s new alerts") % {"n": len(pending)},
            template="allocations/email/utilisation_digest.txt",
            context={"alerts": pending},
        )
    UtilisationAlert.objects.filter(pk__in=[a.pk for a in pending]).update(
        digested_at=timezone.now()
    )
    return len(pending)
