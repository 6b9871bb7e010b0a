"""Named reads of objections: the applicant team, officers and auditors see them; others 404."""

from django.db.models import Count, Exists, OuterRef, Prefetch
from django.http import Http404

from applications.models import TeamMember
from reviews import permissions
from reviews.models import Decision, Objection, ObjectionAttachment


def objections_visible_to(user):
    if not user.is_authenticated:
        return Objection.objects.none()
    if permissions.can_read_all_objections(user):
        return Objection.objects.all()
    member = TeamMember.objects.filter(team=OuterRef("application__team"), user=user)
    return Objection.objects.filter(Exists(member))


def objection_list(user):
    """The list pages' rows, in a fixed number of queries whatever their number."""
    return (
        objections_visible_to(user)
        .select_related("panel", "application__team", "filed_by", "decided_by")
        .annotate(file_count=Count("attachments"))
        .order_by("-filed_at", "-id")
    )


def get_objection_for_user(user, pk):
    try:
        return (
            objections_visible_to(user)
            .select_related("panel__stage__call", "application__team", "filed_by", "decided_by")
            .prefetch_related(
                Prefetch("attachments", queryset=ObjectionAttachment.objects.order_by("id"))
            )
            .get(pk=pk)
        )
    except (Objection.DoesNotExist, ValueError):
        raise Http404 from None


def get_objection_file_for_user(user, pk, *, objection_pk=None):
    queryset = ObjectionAttachment.objects.filter(objection__in=objections_visible_to(user))
    if objection_pk is not None:
        # objection__pk, not objection_id: only a primary-key lookup is bounded to the column's
        # range, and an id past 2**63 from the URL must be a 404, not a driver's OverflowError.
        queryset = queryset.filter(objection__pk=objection_pk)
    try:
        return queryset.get(pk=pk)
    except (ObjectionAttachment.DoesNotExist, ValueError):
        raise Http404 from None


def get_published_decision_for_member(user, pk):
    """A decision the user's team may object to: published, and about their application."""
    if not user.is_authenticated:
        raise Http404
    member = TeamMember.objects.filter(team=OuterRef("application__team"), user=user)
    try:
        return (
            Decision.objects.filter(Exists(member), panel__results_published_at__isnull=False)
            .select_related("panel__stage__call", "application__team")
            .prefetch_related("application__team__members")
            .get(pk=pk)
        )
    except (Decision.DoesNotExist, ValueError):
        raise Http404 from None
