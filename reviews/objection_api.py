"""REST API of objections (이의신청): the same services and reads as the pages.

Applicant teams list, read and file (their manager); officers also decide and reopen; auditors
read. Everyone else gets 404 for an objection they may not see.
"""

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from applications.views import attachment_response
from reviews import objection_queries as queries
from reviews import objections, permissions
from reviews.models import Objection, ObjectionAttachment


class ObjectionFileSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ObjectionAttachment
        fields = ["id", "original_name", "size", "sha256", "uploaded_at", "download_url"]
        read_only_fields = fields

    def get_download_url(self, attachment) -> str:
        return reverse("api-objection-file", args=[attachment.objection_id, attachment.pk])


class ObjectionSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(source="application.reference", read_only=True)
    panel_name = serializers.CharField(source="panel.name_ko", read_only=True)
    filed_by = serializers.CharField(source="filed_by.username", read_only=True)
    decided_by = serializers.CharField(source="decided_by.username", read_only=True, default=None)
    files = ObjectionFileSerializer(source="attachments", many=True, read_only=True)

    class Meta:
        model = Objection
        fields = [
            "id", "panel", "panel_name", "application", "reference", "outcome_objected",
            "grounds", "status", "filed_by", "filed_at", "reasons", "decided_by", "decided_at",
            "decision_reopened_at", "files",
        ]  # fmt: skip
        read_only_fields = fields


class ObjectionCreateSerializer(serializers.Serializer):
    decision = serializers.IntegerField(help_text="The id of the published decision objected to.")
    grounds = serializers.CharField(max_length=objections.MAX_GROUNDS)
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class ObjectionDecideSerializer(serializers.Serializer):
    upheld = serializers.BooleanField(help_text="true to uphold the objection, false to dismiss it")
    reasons = serializers.CharField()


class ReopenSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


def _refused(error):
    errors = dict(error.errors)
    if "__all__" in errors:
        errors["non_field_errors"] = errors.pop("__all__")
    return Response(errors, status=status.HTTP_400_BAD_REQUEST)


class ObjectionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ObjectionSerializer
    filterset_fields = ["status", "panel", "application"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    queryset = Objection.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Objection.objects.none()
        return (
            queries.objections_visible_to(self.request.user)
            .select_related("panel", "application", "filed_by", "decided_by")
            .prefetch_related("attachments")
            .order_by("-filed_at", "-id")
        )

    def get_object(self):
        return queries.get_objection_for_user(self.request.user, self.kwargs["pk"])

    @extend_schema(request=ObjectionCreateSerializer, responses=ObjectionSerializer)
    def create(self, request):
        data = ObjectionCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        decision = queries.get_published_decision_for_member(
            request.user, data.validated_data["decision"]
        )
        if not permissions.can_file_objection(request.user, decision.application):
            raise PermissionDenied
        try:
            objection = objections.file_objection(
                decision=decision,
                grounds=data.validated_data["grounds"],
                files=data.validated_data["files"],
                by=request.user,
            )
        except objections.ObjectionRefused as refusal:
            return _refused(refusal)
        objection = queries.get_objection_for_user(request.user, objection.pk)
        return Response(ObjectionSerializer(objection).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ObjectionDecideSerializer, responses=ObjectionSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        objection = self.get_object()
        if not permissions.can_decide_objection(request.user):
            raise PermissionDenied
        data = ObjectionDecideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            objections.decide_objection(
                objection,
                upheld=data.validated_data["upheld"],
                reasons=data.validated_data["reasons"],
                by=request.user,
            )
        except objections.ObjectionRefused as refusal:
            return _refused(refusal)
        return Response(ObjectionSerializer(self.get_object()).data)

    @extend_schema(request=ReopenSerializer, responses=ObjectionSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        objection = self.get_object()
        if not permissions.can_decide_objection(request.user):
            raise PermissionDenied
        data = ReopenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            objections.reopen_decision(
                objection, by=request.user, reason=data.validated_data["reason"]
            )
        except objections.ObjectionRefused as refusal:
            return _refused(refusal)
        return Response(ObjectionSerializer(self.get_object()).data)

    @extend_schema(responses={(200, "application/pdf"): bytes})
    @action(detail=True, methods=["get"], url_path=r"files/(?P<file_pk>[0-9]+)", url_name="file")
    def file(self, request, pk=None, file_pk=None):
        return attachment_response(
            queries.get_objection_file_for_user(request.user, file_pk, objection_pk=pk)
        )
