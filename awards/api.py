"""REST API: the same services and predicates as the browser. Auditors read everything and
get 403 on every write."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from awards import disbursements, permissions, queries, reports
from awards.models import Kpi, ProgressReport, Tranche
from awards.serializers import (
    AwardListSerializer,
    AwardSerializer,
    CancelSerializer,
    PaySerializer,
    ReportSerializer,
    ReportSubmitSerializer,
    TrancheSerializer,
)
from awards.services import AwardRefused


def _refused(error, code=status.HTTP_400_BAD_REQUEST):
    errors = dict(error.errors)
    if "__all__" in errors:
        errors["non_field_errors"] = errors.pop("__all__")
    return Response(errors, status=code)


def _require(allowed):
    if not allowed:
        raise PermissionDenied


class AwardViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Awards the caller may see: ministry staff every award, a team its own."""

    filterset_fields = ["status"]
    ordering_fields = ["number", "starts_on"]

    def get_queryset(self):
        queryset = queries.with_list_facts(queries.awards_visible_to(self.request.user))
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("funding", "in_kind", "phases", "conditions")
        return queryset.order_by("number")

    def get_serializer_class(self):
        return AwardListSerializer if self.action == "list" else AwardSerializer

    def get_object(self):
        queries.get_award_for_user(self.request.user, self.kwargs["pk"])
        return self.get_queryset().get(pk=self.kwargs["pk"])

    @extend_schema(request=ReportSubmitSerializer, responses=ReportSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def reports(self, request, pk=None):
        award = queries.get_award_for_user(request.user, pk)
        if request.method == "GET":
            items = ProgressReport.objects.filter(award=award).prefetch_related(
                Prefetch("kpis", Kpi.objects.order_by("id"))
            )
            return Response(ReportSerializer(items, many=True).data)
        _require(permissions.can_submit_report(request.user, award))
        data = ReportSubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = award.reports.filter(pk=data.validated_data["report"]).first()
        if report is None:
            return Response({"report": ["Unknown report."]}, status=status.HTTP_400_BAD_REQUEST)
        figures = {k.pop("metric"): k for k in data.validated_data["kpis"]}
        try:
            report = reports.submit_report(report, by=request.user,
                                           summary=data.validated_data["summary"],
                                           figures=figures)  # fmt: skip
        except AwardRefused as refusal:
            return _refused(refusal)
        return Response(ReportSerializer(report).data, status=status.HTTP_201_CREATED)


class DisbursementViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Tranches: finance officers request, approve (never their own request), pay; finance
    officers and programme officers cancel."""

    serializer_class = TrancheSerializer
    filterset_fields = ["status", "fiscal_year", "award"]
    ordering_fields = ["due_on", "id"]

    def get_queryset(self):
        visible = queries.awards_visible_to(self.request.user)
        return (
            Tranche.objects.filter(award__in=visible)
            .select_related("award")
            .order_by("due_on", "id")
        )

    def get_object(self):
        return queries.get_tranche_for_user(self.request.user, self.kwargs["pk"])

    def _do(self, request, operation, **data):
        tranche = self.get_object()
        try:
            tranche = operation(tranche, by=request.user, **data)
        except AwardRefused as refusal:
            return _refused(refusal)
        return Response(TrancheSerializer(tranche).data)

    @extend_schema(request=None, responses=TrancheSerializer)
    @action(detail=True, methods=["post"], url_path="request")
    def request_release(self, request, pk=None):
        _require(permissions.can_handle_money(request.user))
        return self._do(request, disbursements.request_tranche)

    @extend_schema(request=None, responses=TrancheSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        _require(permissions.can_handle_money(request.user))
        return self._do(request, disbursements.approve_tranche)

    @extend_schema(request=PaySerializer, responses=TrancheSerializer)
    @action(detail=True, methods=["post"])
    def pay(self, request, pk=None):
        _require(permissions.can_handle_money(request.user))
        data = PaySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._do(request, disbursements.pay_tranche,
                        reference=data.validated_data["payment_reference"],
                        paid_on=data.validated_data["paid_on"])  # fmt: skip

    @extend_schema(request=CancelSerializer, responses=TrancheSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        _require(permissions.can_cancel_tranche(request.user))
        data = CancelSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._do(request, disbursements.cancel_tranche,
                        reason=data.validated_data["reason"])  # fmt: skip
