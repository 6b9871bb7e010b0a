"""Named reads. Every award or letter a view touches comes through a `get_…_for_user` helper."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404

from awards.models import Award
from letters import permissions
from letters.enums import BatchItemStatus
from letters.models import AwardLetter, LetterBatch


def _award_queryset():
    return Award.objects.select_related(
        "application__team", "application__call__programme"
    ).prefetch_related("application__team__members")


def get_award_for_user(user, pk, *, issue=False):
    """An award whose letters `user` may read (404 otherwise); 403 when asked to issue and the
    user may only read."""
    try:
        award = _award_queryset().get(pk=pk)
    except Award.DoesNotExist:
        raise Http404 from None
    if not permissions.can_view_letters(user, award):
        raise Http404
    if issue and not permissions.can_issue_letters(user):
        raise PermissionDenied
    return award


def get_letter_for_user(user, pk, *, change=False):
    try:
        letter = AwardLetter.objects.select_related(
            "award__application__team", "award__application__call__programme", "unit"
        ).get(pk=pk)
    except AwardLetter.DoesNotExist:
        raise Http404 from None
    if not permissions.can_view_letters(user, letter.award):
        raise Http404
    if change and not permissions.can_issue_letters(user):
        raise PermissionDenied
    return letter


def letters_of(award):
    return AwardLetter.objects.filter(award=award).select_related("issued_by", "unit")


def current_letter(award):
    return AwardLetter.objects.current().filter(award=award).first()


def get_letter_for_code(code):
    """The public verification look-up: only the code, never the number, finds a letter."""
    if not code or len(code) > 64:
        raise Http404
    try:
        return AwardLetter.objects.select_related("award").get(verification_code=code)
    except AwardLetter.DoesNotExist:
        raise Http404 from None


def get_batch_for_user(user, pk):
    if not permissions.can_issue_letters(user):
        raise Http404
    try:
        return LetterBatch.objects.select_related("call", "created_by").get(pk=pk)
    except LetterBatch.DoesNotExist:
        raise Http404 from None


def batch_progress(batch):
    """Counts of a batch's items by status, in one query."""
    counts = batch.items.aggregate(
        total=Count("id"),
        done=Count("id", filter=Q(status=BatchItemStatus.DONE)),
        failed=Count("id", filter=Q(status=BatchItemStatus.FAILED)),
    )
    counts["pending"] = counts["total"] - counts["done"] - counts["failed"]
    settled = counts["done"] + counts["failed"]
    counts["percent"] = round(settled * 100 / counts["total"]) if counts["total"] else 100
    counts["finished"] = counts["pending"] == 0
    return counts


def batch_items(batch):
    return batch.items.select_related("award__application__team", "letter").order_by(
        "award__number"
    )


def awards_of_call(call):
    """The awards of a call that a batch issues letters for (terminated ones get none)."""
    return (
        Award.objects.filter(application__call=call)
        .exclude(status="terminated")
        .select_related("application__team")
        .order_by("number")
    )
