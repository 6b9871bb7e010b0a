"""The ministry dashboard's figures, per programme and per team, by fiscal year.

Programme rows: budget = the appropriation (ProgrammeBudget), committed = the government
funding of its awards (terminated awards count what was approved or paid), disbursed = paid
tranches, remaining = budget − disbursed. Team rows: budget = the award's government funding,
committed = approved + paid tranches, disbursed = paid, remaining = budget − disbursed.

A fixed number of queries whatever the number of awards: every sum is one grouped query.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from applications.enums import FundingSource
from awards.enums import COMMITTED, OPEN, AwardStatus, TrancheStatus
from awards.models import Award, AwardFunding, Tranche
from awards.reports import reports_due
from awards.services import add_months
from programmes.models import Programme, ProgrammeBudget


@dataclass
class Row:
    level: str  # "programme" or "team"
    name: str
    fiscal_year: int
    budget: int = 0
    committed: int = 0
    disbursed: int = 0
    award: object = None
    programme: object = None

    @property
    def remaining(self):
        return self.budget - self.disbursed


def _awards(programme):
    awards = Award.objects.select_related("application__team", "application__call__programme")
    if programme is not None:
        awards = awards.filter(application__call__programme=programme)
    return list(awards.order_by("application__call__programme_id", "number"))


def figures(programme=None):
    awards = _awards(programme)
    ids = [a.pk for a in awards]
    funding = defaultdict(int)
    for row in (
        AwardFunding.objects.filter(award_id__in=ids, source=FundingSource.GOVERNMENT)
        .values("award_id", "fiscal_year")
        .annotate(total=Sum("amount"))
    ):
        funding[(row["award_id"], row["fiscal_year"])] = row["total"]
    money = {}
    for row in (
        Tranche.objects.filter(award_id__in=ids, status__in=COMMITTED)
        .values("award_id", "fiscal_year")
        .annotate(
            committed=Sum("amount"),
            paid=Coalesce(Sum("amount", filter=Q(status=TrancheStatus.PAID)), 0),
        )
    ):
        money[(row["award_id"], row["fiscal_year"])] = (row["committed"], row["paid"])
    programmes = Programme.objects.order_by("id")
    if programme is not None:
        programmes = programmes.filter(pk=programme.pk)
    appropriations = {
        (b.programme_id, b.fiscal_year): b.amount
        for b in ProgrammeBudget.objects.filter(programme__in=programmes)
    }
    years = sorted({y for (_a, y) in funding} | {y for (_p, y) in appropriations}
                   | {y for (_a, y) in money})  # fmt: skip
    team_rows, by_programme = [], defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for award in awards:
        programme_id = award.application.call.programme_id
        for year in years:
            budget = funding.get((award.pk, year), 0)
            committed, paid = money.get((award.pk, year), (0, 0))
            if not (budget or committed):
                continue
            team_rows.append(Row("team", award.application.team.name, year, budget, committed,
                                 paid, award=award))  # fmt: skip
            cell = by_programme[programme_id][year]
            cell[0] += committed if award.status == AwardStatus.TERMINATED else budget
            cell[1] += paid
    programme_rows = []
    for item in programmes:
        for year in years:
            committed, paid = by_programme[item.pk][year]
            budget = appropriations.get((item.pk, year), 0)
            if budget or committed:
                programme_rows.append(Row("programme", item.name, year, budget, committed, paid,
                                          programme=item))  # fmt: skip
    return {"programmes": programme_rows, "teams": team_rows, "awards": awards, "years": years}


def burn_up(awards, ids=None):
    """Monthly cumulative disbursement against a straight-line plan of each award's
    government funding over its period: {"labels", "plan", "actual"} in won."""
    if not awards:
        return {"labels": [], "plan": [], "actual": []}
    ids = [a.pk for a in awards]
    totals = dict(
        AwardFunding.objects.filter(award_id__in=ids, source=FundingSource.GOVERNMENT)
        .values_list("award_id")
        .annotate(total=Sum("amount"))
        .values_list("award_id", "total")
    )
    paid = defaultdict(int)
    for day, amount in Tranche.objects.filter(
        award_id__in=ids, status=TrancheStatus.PAID
    ).values_list("paid_on", "amount"):
        paid[(day.year, day.month)] += amount
    start = min(a.starts_on for a in awards).replace(day=1)
    end = max(a.ends_on for a in awards)
    today = timezone.localdate()
    labels, plan, actual, cumulative, month = [], [], [], 0, start
    while month <= end:
        month_end = add_months(month, 1) - datetime.timedelta(days=1)
        labels.append(f"{month.year}-{month.month:02d}")
        planned = 0
        for award in awards:
            length = (award.ends_on - award.starts_on).days + 1
            elapsed = min(max((month_end - award.starts_on).days + 1, 0), length)
            planned += totals.get(award.pk, 0) * elapsed // length
        plan.append(planned)
        cumulative += paid.get((month.year, month.month), 0)
        actual.append(cumulative if month <= today else None)
        month = add_months(month, 1)
    return {"labels": labels, "plan": plan, "actual": actual}


def upcoming_tranches(award_ids, *, today=None, within_days=60):
    today = today or timezone.localdate()
    return list(
        Tranche.objects.filter(
            award_id__in=award_ids,
            status__in=OPEN,
            due_on__lte=today + datetime.timedelta(days=within_days),
        )  # fmt: skip
        .select_related("award__application__team")
        .order_by("due_on", "id")[:50]
    )


def due_reports(award_ids):
    return list(reports_due(award_ids)[:50])
