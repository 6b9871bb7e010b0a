"""The pool, the ledger and usage over the API. Auditors and finance officers read; officers
write the ledger; only a cluster operator pushes usage, and only into its own pool."""

import django_filters
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response

from allocations import ingest, permissions, queries, services
from allocations.models import GpuPool, LedgerEntry, UsageRecord
from allocations.serializers import (
    GpuPoolSerializer,
    LedgerEntrySerializer,
    LedgerWriteSerializer,
    UsageBatchSerializer,
    UsageRecordSerializer,
)
from applications.api import _refused
from awards.models import Award
from programmes.quarters import Quarter


class OfficerWrites(BasePermission):
    """Reading is for whoever may see the rows; writing is the programme officer's."""

    def has_permission(self, request, view):
        if not request.user.is_authenticated:
            return False
        return request.method in SAFE_METHODS or permissions.can_manage_allocations(request.user)


class GpuPoolViewSet(viewsets.ReadOnlyModelViewSet):
    """Pools with their tranches and, per quarter × GPU type, capacity, committed, released and
    used GPU-seconds."""

    serializer_class = GpuPoolSerializer
    lookup_field = "code"
    filterset_fields = ["code"]
    ordering = ["code"]

    def get_queryset(self):
        if not permissions.is_staff_reader(self.request.user):
            return GpuPool.objects.none()
        return GpuPool.objects.prefetch_related("tranches").order_by("code")


class LedgerFilter(django_filters.FilterSet):
    award = django_filters.CharFilter(field_name="award__number")
    pool = django_filters.CharFilter(field_name="pool__code")

    class Meta:
        model = LedgerEntry
        fields = ["award", "pool", "year", "quarter", "gpu_type", "kind"]


class AllocationViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The GPU ledger: every grant, supplement, transfer, reclaim, carry-over, expiry, return and
    release. POST one operation (officers only)."""

    serializer_class = LedgerEntrySerializer
    permission_classes = [OfficerWrites]
    filterset_class = LedgerFilter
    ordering_fields = ["id", "year", "quarter"]
    ordering = ["id"]

    def get_queryset(self):
        return LedgerEntry.objects.filter(
            award__in=queries.awards_visible_to(self.request.user).values("pk")
        ).select_related("award", "pool")

    @extend_schema(request=LedgerWriteSerializer, responses=LedgerEntrySerializer(many=True))
    def create(self, request, *args, **kwargs):
        data = LedgerWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        pool = get_object_or_404(GpuPool, code=values["pool"])
        award = get_object_or_404(Award, number=values["award"])
        common = {
            "pool": pool,
            "quarter": Quarter(values["year"], values["quarter"]),
            "by": request.user,
            "note": values["note"],
        }
        try:
            entries = _write(values, award, common)
        except services.AllocationRefused as refusal:
            return _refused(refusal)
        return Response(LedgerEntrySerializer(entries, many=True).data, status=201)


def _write(values, award, common):
    kind, gpu_type = values["kind"], values["gpu_type"]
    if kind in ("grant", "supplement"):
        return [
            services.grant_gpu_time(
                award=award, gpu_type=gpu_type, gpu_count=values.get("gpu_count"),
                gpu_seconds=values.get("gpu_seconds"), supplement=kind == "supplement", **common,
            )
        ]  # fmt: skip
    seconds = values["gpu_seconds"]
    if kind == "reclaim":
        return [services.reclaim_gpu_time(award=award, gpu_type=gpu_type, gpu_seconds=seconds,
                                          **common)]  # fmt: skip
    if kind == "release":
        return [services.release_gpu_time(award=award, gpu_type=gpu_type, gpu_seconds=seconds,
                                          **common)]  # fmt: skip
    to_award = get_object_or_404(Award, number=values["to_award"])
    return list(
        services.transfer_gpu_time(
            from_award=award, to_award=to_award, from_type=gpu_type,
            to_type=values.get("to_type") or gpu_type, gpu_seconds=seconds, **common,
        )
    )  # fmt: skip


class UsageFilter(django_filters.FilterSet):
    award = django_filters.CharFilter(field_name="award__number")
    operator = django_filters.CharFilter(field_name="operator__code")
    pool = django_filters.CharFilter(field_name="pool__code")

    class Meta:
        model = UsageRecord
        fields = ["award", "operator", "pool", "year", "quarter", "gpu_type", "source"]


class UsageViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Usage records (append-only). POST a batch `{"pool", "records": [...]}` as the pool's
    cluster operator: each row comes back accepted, duplicate or rejected with its errors."""

    serializer_class = UsageRecordSerializer
    filterset_class = UsageFilter
    ordering_fields = ["id", "period_start"]
    ordering = ["id"]

    def get_queryset(self):
        user = self.request.user
        records = UsageRecord.objects.select_related("operator", "award")
        operator = permissions.operator_of(user)
        if operator is not None:
            return records.filter(operator=operator)
        return records.filter(award__in=queries.awards_visible_to(user).values("pk"))

    @extend_schema(request=UsageBatchSerializer, responses=None)
    def create(self, request, *args, **kwargs):
        operator = permissions.operator_of(request.user)
        if operator is None:
            raise PermissionDenied
        data = UsageBatchSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        code = data.validated_data.get("pool")
        if code and code != operator.pool.code:
            raise PermissionDenied  # another pool's operator pushes nothing here
        records = data.validated_data["records"]
        if len(records) > ingest.MAX_ROWS:
            message = _("At most %(n)s records per request.") % {"n": f"{ingest.MAX_ROWS:,}"}
            return Response({"records": [message]}, status=400)
        with transaction.atomic():
            report = ingest.ingest_usage(operator, records)
        return Response(report.as_dict(), status=200)
