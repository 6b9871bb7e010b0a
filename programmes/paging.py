"""Pages of a long list: sort the ids, then load only the page's rows in full.

Sorting the full rows of a list costs the database a sort of every row the user may see: an
application with its call, programme and team joined was about 1 kB, and its sort 8 ms of a 14 ms
query at 5,000 applications. Sorting the ids alone and then loading fifty rows by id costs one query
more and a fraction of the time. The rows are loaded through the same queryset, so they keep
its filters (the visibility check included), annotations, joins, prefetches and order.
"""

from django.core.paginator import Paginator
from rest_framework.pagination import PageNumberPagination

PER_PAGE = 50


def _rows_for(queryset, ids):
    return list(queryset.filter(pk__in=list(ids)))


def get_page(queryset, number, per_page=PER_PAGE):
    """A Django paginator page of `queryset`, like Paginator(queryset, n).get_page(number)."""
    page = Paginator(queryset.values_list("pk", flat=True), per_page).get_page(number)
    page.object_list = _rows_for(queryset, page.object_list)
    return page


class IdsFirstPagination(PageNumberPagination):
    """DRF's page-number pagination (PAGE_SIZE, ?page=), sorting ids before loading rows."""

    def paginate_queryset(self, queryset, request, view=None):
        ids = super().paginate_queryset(queryset.values_list("pk", flat=True), request, view)
        if ids is None:
            return None
        self.page.object_list = _rows_for(queryset, ids)
        return self.page.object_list
