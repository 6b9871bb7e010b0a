"""Named reads. Every award or tranche a view touches comes through a `get_…_for_user` helper."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch, Q, Sum
from django.db.models.functions import Coalesce
from django.http import Http404

from applications.enums import FundingSource, OrganisationRole
from applications.models import Participant, TeamMember
from awards import permissions
from awards.enums import COMMITTED, CarryOverStatus, ProgrammeKind, ReportStatus
from awards.models import (
    Award,
    AwardFunding,
    CarryOver,
    CashShareReceipt,
    ProgressReport,
    Tranche,
)
from programmes.enums import ApplicantKind

KIND_BY_APPLICANT = {
    ApplicantKind.CONSORTIUM: ProgrammeKind.FOUNDATION_MODEL,
    ApplicantKind.UNIVERSITY: ProgrammeKind.GRADUATE_SCHOOL,
    ApplicantKind.INDIVIDUAL: ProgrammeKind.PATHFINDER,
}


def programme_kind(award):
    return KIND_BY_APPLICANT[award.application.call.applicant_kind]


def awards_visible_to(user):
    if not getattr(user, "is_authenticated", False):
        return Award.objects.none()
    if user.is_staff_reader:
        return Award.objects.all()
    member_of = TeamMember.objects.filter(team=OuterRef("application__team"), user=user)
    return Award.objects.filter(Exists(member_of))


def with_list_facts(queryset):
    """Award list columns in a fixed number of queries: programme, team, lead, money."""
    government = Q(funding__source=FundingSource.GOVERNMENT)
    lead = Participant.objects.filter(role=OrganisationRole.LEAD).select_related("organisation")
    return (
        queryset.select_related(
            "application__call__programme", "application__team", "application__host_organisation"
        )
        .annotate(government_total=Coalesce(Sum("funding__amount", filter=government), 0))
        .prefetch_related(Prefetch("application__team__participants", lead, to_attr="leads"))
    )


def tranche_totals(award_ids):
    """{award_id: (committed, paid)} for the given awards, in one query."""
    rows = (
        Tranche.objects.filter(award_id__in=award_ids, status__in=COMMITTED)
        .values("award_id")
        .annotate(
            committed=Sum("amount"),
            paid=Coalesce(Sum("amount", filter=Q(status="paid")), 0),
        )
    )
    return {r["award_id"]: (r["committed"], r["paid"]) for r in rows}


def _detail_queryset():
    return Award.objects.select_related(
        "application__call__programme", "application__team", "created_by", "accepted_by"
    ).prefetch_related("application__team__members")


def get_award_for_user(user, pk, *, write=False):
    """404 to whoever may not see the award; 403 to a reader asking to change it (`write` is
    the predicate the caller needs, or True for "manage")."""
    award = _detail_queryset().filter(pk=pk).first()
    if award is None or not permissions.can_view_award(user, award):
        raise Http404
    if write is True and not permissions.can_manage_awards(user):
        raise PermissionDenied
    if callable(write) and not write(user, award):
        raise PermissionDenied
    return award


def get_tranche_for_user(user, pk):
    tranche = (
        Tranche.objects.select_related("award__application__team", "phase", "requested_by")
        .prefetch_related("award__application__team__members")
        .filter(pk=pk)
        .first()
    )
    if tranche is None or not permissions.can_view_award(user, tranche.award):
        raise Http404
    return tranche


def get_report_for_user(user, pk):
    report = (
        ProgressReport.objects.select_related("award__application__call", "phase")
        .prefetch_related("award__application__team__members", "kpis__joins_award")
        .filter(pk=pk)
        .first()
    )
    if report is None or not permissions.can_view_award(user, report.award):
        raise Http404
    return report


# Balances ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Balance:
    """What may still be approved for one award and fiscal year: the lower of the year's
    remaining ceiling and the award's remaining total."""

    fiscal_year: int
    year_ceiling: int
    year_committed: int
    total_ceiling: int
    total_committed: int

    @property
    def year_remaining(self):
        return self.year_ceiling - self.year_committed

    @property
    def total_remaining(self):
        return self.total_ceiling - self.total_committed

    @property
    def remaining(self):
        return max(0, min(self.year_remaining, self.total_remaining))


def _sum(queryset, field="amount"):
    return queryset.aggregate(total=Coalesce(Sum(field), 0))["total"]


def year_ceiling(award, fiscal_year):
    """The year's government funding, moved by approved carry-overs (이월) in and out."""
    funding = _sum(
        AwardFunding.objects.filter(
            award=award, fiscal_year=fiscal_year, source=FundingSource.GOVERNMENT
        )
    )
    approved = CarryOver.objects.filter(award=award, status=CarryOverStatus.APPROVED)
    carried_in = _sum(approved.filter(from_year=fiscal_year - 1))
    carried_out = _sum(approved.filter(from_year=fiscal_year))
    return funding + carried_in - carried_out


def balance(award, fiscal_year):
    """Read inside the caller's transaction; approvals call it after locking the award row."""
    committed = Tranche.objects.filter(award=award, status__in=COMMITTED)
    total = _sum(AwardFunding.objects.filter(award=award, source=FundingSource.GOVERNMENT))
    return Balance(
        fiscal_year=fiscal_year,
        year_ceiling=year_ceiling(award, fiscal_year),
        year_committed=_sum(committed.filter(fiscal_year=fiscal_year)),
        total_ceiling=total,
        total_committed=_sum(committed),
    )


def cash_share_due(award, fiscal_year):
    return _sum(
        AwardFunding.objects.filter(award=award, fiscal_year=fiscal_year, source=FundingSource.CASH)
    )


def cash_share_received(award, fiscal_year):
    return _sum(CashShareReceipt.objects.filter(award=award, fiscal_year=fiscal_year))


def accepted_report_exists(award, phase_number):
    return ProgressReport.objects.filter(
        award=award, phase__number=phase_number, status=ReportStatus.ACCEPTED
    ).exists()
