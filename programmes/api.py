import django_filters
from rest_framework import viewsets
from rest_framework.permissions import AllowAny

from programmes.filters import BoundedIsoDateTimeFilter
from programmes.models import Call, Programme
from programmes.serializers import CallSerializer, ProgrammeSerializer


class ProgrammeViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ProgrammeSerializer
    permission_classes = [AllowAny]
    filterset_fields = ["code", "agency"]
    ordering_fields = ["id", "code"]
    ordering = ["id"]

    def get_queryset(self):
        return Programme.objects.prefetch_related("budgets").order_by("id")


class CallFilter(django_filters.FilterSet):
    programme = django_filters.CharFilter(field_name="programme__code")
    open_at = BoundedIsoDateTimeFilter(method="filter_open_at")

    class Meta:
        model = Call
        fields = ["programme", "applicant_kind", "is_published"]

    def filter_open_at(self, queryset, name, value):
        return queryset.filter(opens_at__lte=value, closes_at__gte=value)


class CallViewSet(viewsets.ReadOnlyModelViewSet):
    """Published calls for everyone; drafts for ministry staff only."""

    serializer_class = CallSerializer
    permission_classes = [AllowAny]
    filterset_class = CallFilter
    ordering_fields = ["opens_at", "closes_at", "id"]
    ordering = ["-opens_at", "id"]

    def get_queryset(self):
        return (
            Call.objects.visible_to(self.request.user)
            .select_related("programme")
            .prefetch_related("stages")
        )
