"""Named reads. Every object a view touches comes through a `get_…_for_user` helper."""

from django.core.exceptions import PermissionDenied
from django.db.models import BigIntegerField, Exists, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404

from applications import permissions
from applications.enums import FundingSource
from applications.models import (
    Application,
    Attachment,
    BudgetLine,
    GpuRequest,
    Participant,
    Team,
    TeamMember,
)


def teams_visible_to(user):
    if not getattr(user, "is_authenticated", False):
        return Team.objects.none()
    return Team.objects.filter(members__user=user)


def applications_visible_to(user):
    """Members see their team's application; ministry staff see what was ever submitted."""
    if not getattr(user, "is_authenticated", False):
        return Application.objects.none()
    member_of = TeamMember.objects.filter(team=OuterRef("team"), user=user)
    condition = Q(Exists(member_of))
    if permissions.is_staff_reader(user):
        condition |= Q(reference__isnull=False)
    return Application.objects.filter(condition)


LIST_FIELDS = (
    "call", "team", "reference", "status", "title_ko", "title_en", "principal_investigator",
    "version", "submitted_at", "call__notice_number", "call__title_ko", "call__title_en",
    "call__closes_at", "team__name_ko", "team__name_en",
)  # fmt: skip


def with_list_facts(queryset):
    """The columns of application lists, in a fixed number of queries whatever the rows.

    The government total is a correlated subquery, not a join with GROUP BY: PostgreSQL then
    sums the budget lines of a page's fifty rows only, and the page's count stays a plain
    count, instead of both aggregating every application the user may see."""
    government = (
        BudgetLine.objects.filter(application=OuterRef("pk"), source=FundingSource.GOVERNMENT)
        .order_by()
        .values("application")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    lead = (
        Participant.objects.filter(role="lead")
        .select_related("organisation")
        .only("team", "organisation", "organisation__name_ko", "organisation__name_en",
              "organisation__type")
    )  # fmt: skip
    return (
        # Only the columns the page, the API and the exports show: the whole rows of the call
        # (its descriptions), programme and team were most of what each row carried.
        queryset.select_related("call", "team")
        .only(*LIST_FIELDS)
        .annotate(
            government_total=Coalesce(Subquery(government, output_field=BigIntegerField()), 0)
        )
        .prefetch_related(
            Prefetch("team__participants", queryset=lead, to_attr="leads"),
            Prefetch("gpu_requests", queryset=GpuRequest.objects.order_by("id")),
        )
        .order_by("call__closes_at", "id")
    )


def search_applications(queryset, text):
    """Reference number, title (either language), any team organisation or the PI."""
    text = text.strip()
    if not text:
        return queryset
    organisation = Participant.objects.filter(team=OuterRef("team")).filter(
        Q(organisation__name_ko__icontains=text) | Q(organisation__name_en__icontains=text)
    )
    return queryset.filter(
        Q(reference__icontains=text)
        | Q(title_ko__icontains=text)
        | Q(title_en__icontains=text)
        | Q(principal_investigator__icontains=text)
        | Q(Exists(organisation))
    )


def filter_applications(
    queryset,
    *,
    status="",
    organisation_type="",
    gpu_type="",
    min_amount=None,
    max_amount=None,
    call=None,
    programme=None,
    q="",
):
    queryset = search_applications(queryset, q or "")
    if programme:
        queryset = queryset.filter(call__programme=programme)
    if status:
        queryset = queryset.filter(status=status)
    if call:
        queryset = queryset.filter(call=call)
    if organisation_type:
        queryset = queryset.filter(
            team__participants__role="lead",
            team__participants__organisation__type=organisation_type,
        )
    if gpu_type:
        queryset = queryset.filter(
            Exists(GpuRequest.objects.filter(application=OuterRef("pk"), gpu_type=gpu_type))
        )
    if min_amount is not None:
        queryset = queryset.filter(government_total__gte=min_amount)
    if max_amount is not None:
        queryset = queryset.filter(government_total__lte=max_amount)
    return queryset


def application_detail_queryset():
    return Application.objects.select_related(
        "call", "call__programme", "team", "host_organisation"
    ).prefetch_related(
        Prefetch("team__members", queryset=TeamMember.objects.select_related("user")),
        Prefetch(
            "team__participants",
            queryset=Participant.objects.select_related("organisation", "department"),
        ),
        Prefetch(
            "budget_lines",
            queryset=BudgetLine.objects.select_related("participant__organisation").order_by(
                "fiscal_year", "participant_id", "category", "source"
            ),
        ),
        "gpu_requests",
        "data_requests",
        "staff_requests",
        "student_quotas",
        "attachments",
        "submissions",
        "call__share_rules",
    )


def get_application_for_user(user, pk, *, write=False):
    """404 to whoever may not see it; 403 to a member who may only read and tries to write."""
    try:
        application = application_detail_queryset().get(
            pk=pk, pk__in=applications_visible_to(user).values("pk")
        )
    except (Application.DoesNotExist, ValueError):
        raise Http404 from None
    if write and not permissions.can_edit_application(user, application):
        raise PermissionDenied
    return application


def get_attachment_for_user(user, pk):
    try:
        attachment = Attachment.objects.select_related("application__team").get(
            pk=pk, application__in=applications_visible_to(user).values("pk")
        )
    except (Attachment.DoesNotExist, ValueError):
        raise Http404 from None
    return attachment


def get_team_for_user(user, pk, *, manage=False):
    try:
        team = (
            Team.objects.select_related("call", "application")
            .prefetch_related(
                Prefetch("members", queryset=TeamMember.objects.select_related("user")),
                Prefetch(
                    "participants", queryset=Participant.objects.select_related("organisation")
                ),
                "invitations",
            )
            .get(pk=pk, pk__in=teams_visible_to(user).values("pk"))
        )
    except (Team.DoesNotExist, ValueError):
        raise Http404 from None
    if manage and not permissions.can_manage_team(user, team):
        raise PermissionDenied
    return team


def dashboard_rows(user):
    """The applicant's own applications with their call and deadline."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Application.objects.filter(team__members__user=user)
        .select_related("call", "call__programme", "team")
        .order_by("call__closes_at", "id")
    )


def budget_summary(application):
    """Totals per fiscal year by source, from the prefetched lines: (year, gov, cash, kind, sum)."""
    totals = {}
    for line in application.budget_lines.all():
        row = totals.setdefault(line.fiscal_year, dict.fromkeys(FundingSource.values, 0))
        row[line.source] += line.amount
    rows = []
    for year in sorted(totals):
        amounts = [totals[year][source] for source in FundingSource.values]
        rows.append((year, *amounts, sum(amounts)))
    if rows:
        rows.append(("total", *[sum(column) for column in list(zip(*rows, strict=True))[1:]]))
    return rows
