from django.db.models import Prefetch
from django.http import Http404

from programmes.models import Call, Programme


def programmes_with_calls(user):
    """Programmes with the calls this user may see and their budgets, in three queries."""
    calls = Call.objects.visible_to(user).select_related("programme")
    return Programme.objects.prefetch_related(
        Prefetch("calls", queryset=calls, to_attr="visible_calls"), "budgets"
    ).order_by("id")


def get_programme_for_user(user, code):
    try:
        return programmes_with_calls(user).get(code=code)
    except Programme.DoesNotExist:
        raise Http404 from None


def get_call_for_user(user, pk):
    """A call the user may read: 404 for a draft call to anyone but ministry staff."""
    try:
        return (
            Call.objects.visible_to(user)
            .select_related("programme")
            .prefetch_related("stages", "share_rules")
            .get(pk=pk)
        )
    except Call.DoesNotExist:
        raise Http404 from None
