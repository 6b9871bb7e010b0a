"""REST API: the same service functions as the browser, behind the same permission checks."""

import django_filters
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from accounts.enums import OrganisationType
from applications import permissions, queries, services
from applications.enums import ApplicationStatus, GpuType
from applications.models import Application, Participant, Team, TeamMember
from applications.serializers import (
    ApplicationCreateSerializer,
    ApplicationListSerializer,
    ApplicationSerializer,
    AttachmentSerializer,
    InvitationSerializer,
    TeamSerializer,
)
from applications.views import attachment_response
from programmes.enums import DocumentKind
from programmes.paging import IdsFirstPagination


def _refused(error, code=status.HTTP_400_BAD_REQUEST):
    errors = dict(error.errors)
    if "__all__" in errors:
        errors["non_field_errors"] = errors.pop("__all__")
    return Response(errors, status=code)


class ApplicationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ApplicationStatus.choices)
    organisation_type = django_filters.ChoiceFilter(
        choices=OrganisationType.choices, method="by_facts"
    )
    gpu_type = django_filters.ChoiceFilter(choices=GpuType.choices, method="by_facts")
    min_amount = django_filters.NumberFilter(method="by_facts")
    max_amount = django_filters.NumberFilter(method="by_facts")

    class Meta:
        model = Application
        fields = ["status", "call"]

    def by_facts(self, queryset, name, value):
        return queries.filter_applications(queryset, **{name: value})


class ApplicationViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Applications the caller may see. Create makes a team and its draft; PATCH edits a draft
    with its `version`; submit and withdraw change its status."""

    filterset_class = ApplicationFilter
    pagination_class = IdsFirstPagination
    ordering_fields = ["id", "reference", "submitted_at"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return queries.with_list_facts(queries.applications_visible_to(self.request.user))

    def get_serializer_class(self):
        if self.action == "list":
            return ApplicationListSerializer
        if self.action == "create":
            return ApplicationCreateSerializer
        return ApplicationSerializer

    def get_object(self):
        write = self.action in ("partial_update", "update", "submit", "attachments")
        return queries.get_application_for_user(self.request.user, self.kwargs["pk"], write=write)

    def create(self, request, *args, **kwargs):
        data = ApplicationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        call = data.validated_data["call"]
        if not call.is_open():
            return Response({"call": [_("This call is not open.")]}, status=400)
        team = services.create_team(
            call=call,
            name_ko=data.validated_data["team_name_ko"],
            name_en=data.validated_data.get("team_name_en", ""),
            by=request.user,
        )
        application = queries.get_application_for_user(request.user, team.application.pk)
        return Response(ApplicationSerializer(application).data, status=201)

    def partial_update(self, request, *args, **kwargs):
        application = self.get_object()
        serializer = ApplicationSerializer(application, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        version = changes.pop("version", None)
        if version is None:
            return Response({"version": [_("This field is required.")]}, status=400)
        try:
            services.save_draft(application, changes=changes, version=version, by=request.user)
        except services.StaleVersion as stale:
            return _refused(stale, status.HTTP_409_CONFLICT)
        except services.DomainError as error:
            return _refused(error)
        application = queries.get_application_for_user(request.user, application.pk)
        return Response(ApplicationSerializer(application).data)

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(request=None, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        application = self.get_object()
        try:
            services.submit_application(
                application, by=request.user, version=request.data.get("version")
            )
        except services.StaleVersion as stale:
            return _refused(stale, status.HTTP_409_CONFLICT)
        except services.DomainError as refusal:
            return _refused(refusal)
        application = queries.get_application_for_user(request.user, application.pk)
        return Response(ApplicationSerializer(application).data)

    @extend_schema(request=None, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        application = self.get_object()
        if not permissions.can_withdraw_application(request.user, application):
            raise PermissionDenied
        try:
            services.withdraw_application(application, by=request.user)
        except services.DomainError as error:
            return _refused(error)
        application = queries.get_application_for_user(request.user, application.pk)
        return Response(ApplicationSerializer(application).data)

    @extend_schema(request=None, responses=AttachmentSerializer)
    @action(detail=True, methods=["post"])
    def attachments(self, request, pk=None):
        """Upload a PDF (multipart: kind, file)."""
        application = self.get_object()
        kind = request.data.get("kind")
        upload = request.FILES.get("file")
        errors = {}
        if kind not in DocumentKind.values:
            errors["kind"] = [_("Choose a document kind.")]
        if upload is None:
            errors["file"] = [_("Attach a file.")]
        if errors:
            return Response(errors, status=400)
        try:
            attachment = services.attach_document(
                application, kind=kind, uploaded_file=upload, by=request.user
            )
        except services.DomainError as refusal:
            return _refused(refusal)
        return Response(AttachmentSerializer(attachment).data, status=201)


class AttachmentViewSet(viewsets.GenericViewSet):
    serializer_class = AttachmentSerializer

    def get_queryset(self):  # for the schema; objects come through get_attachment_for_user
        return queries.applications_visible_to(self.request.user).none()

    @extend_schema(responses={(200, "application/pdf"): bytes})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        return attachment_response(queries.get_attachment_for_user(request.user, pk))


class TeamViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The caller's teams with members and organisations; managers invite by e-mail."""

    serializer_class = TeamSerializer
    filterset_fields = ["call"]

    def get_queryset(self):
        return (
            queries.teams_visible_to(self.request.user)
            .select_related("application")
            .prefetch_related(
                Prefetch("members", queryset=TeamMember.objects.select_related("user")),
                Prefetch(
                    "participants", queryset=Participant.objects.select_related("organisation")
                ),
            )
            .order_by("id")
        )

    @extend_schema(request=InvitationSerializer, responses=None)
    @action(detail=True, methods=["post"])
    def invite(self, request, pk=None):
        team = queries.get_team_for_user(request.user, pk, manage=True)
        data = InvitationSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.invite_member(team=team, by=request.user, **data.validated_data)
        except services.DomainError as error:
            return _refused(error)
        return Response(status=202)


__all__ = ["ApplicationViewSet", "AttachmentViewSet", "TeamViewSet", "Team"]
