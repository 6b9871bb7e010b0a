from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from applications.budget_rules import MAX_LINE_AMOUNT
from applications.enums import OrganisationRole
from applications.models import (
    Application,
    Attachment,
    BudgetLine,
    DataRequest,
    GpuRequest,
    Participant,
    StaffRequest,
    StudentQuota,
    Team,
    TeamMember,
)
from applications.services import DRAFT_FIELDS
from programmes.models import Call


class ApplicationListSerializer(serializers.ModelSerializer):
    team_name = serializers.CharField(source="team.name_ko", read_only=True)
    notice_number = serializers.CharField(source="call.notice_number", read_only=True)
    lead = serializers.SerializerMethodField()
    government_total = serializers.IntegerField(read_only=True)
    gpus = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "id",
            "reference",
            "status",
            "call",
            "notice_number",
            "team",
            "team_name",
            "title_ko",
            "title_en",
            "lead",
            "government_total",
            "gpus",
            "version",
            "submitted_at",
        ]
        read_only_fields = fields

    def get_lead(self, application) -> str | None:
        leads = application.team.leads
        return leads[0].organisation.name_ko if leads else None

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_gpus(self, application):
        return [{"gpu_type": g.gpu_type, "count": g.count} for g in application.gpu_requests.all()]


class BudgetLineSerializer(serializers.ModelSerializer):
    amount = serializers.IntegerField(min_value=0, max_value=MAX_LINE_AMOUNT)

    class Meta:
        model = BudgetLine
        fields = ["participant", "fiscal_year", "category", "source", "amount"]
        extra_kwargs = {"participant": {"queryset": Participant.objects.all()}}


class GpuRequestSerializer(serializers.ModelSerializer):
    class Meta:
        model = GpuRequest
        fields = ["gpu_type", "count", "gpu_hours_per_quarter"]


class DataRequestSerializer(serializers.ModelSerializer):
    class Meta:
        model = DataRequest
        fields = ["dataset", "supplier", "volume_tb", "licence"]


class StaffRequestSerializer(serializers.ModelSerializer):
    class Meta:
        model = StaffRequest
        fields = ["role", "fte", "months", "overseas"]


class StudentQuotaSerializer(serializers.ModelSerializer):
    class Meta:
        model = StudentQuota
        fields = ["year", "masters", "phd"]


class AttachmentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "kind", "original_name", "size", "sha256", "uploaded_at", "download_url"]
        read_only_fields = fields

    def get_download_url(self, attachment) -> str:
        return reverse("api-attachment-download", args=[attachment.pk])


class ApplicationSerializer(serializers.ModelSerializer):
    """The whole draft. PATCH sends `version` and any fields; lists replace the old rows."""

    version = serializers.IntegerField()
    budget_lines = BudgetLineSerializer(many=True, required=False)
    gpu_requests = GpuRequestSerializer(many=True, required=False)
    data_requests = DataRequestSerializer(many=True, required=False)
    staff_requests = StaffRequestSerializer(many=True, required=False)
    student_quotas = StudentQuotaSerializer(many=True, required=False)
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "reference",
            "status",
            "call",
            "team",
            "submitted_at",
            *DRAFT_FIELDS,
            "version",
            "budget_lines",
            "gpu_requests",
            "data_requests",
            "staff_requests",
            "student_quotas",
            "attachments",
        ]
        read_only_fields = ["id", "reference", "status", "call", "team", "submitted_at"]

    def validate_budget_lines(self, rows):
        team_id = self.instance.team_id if self.instance else None
        for row in rows:
            if row["participant"].team_id != team_id:
                raise serializers.ValidationError(
                    _("The organisation must take part in this team.")
                )
        return rows


class ApplicationCreateSerializer(serializers.Serializer):
    call = serializers.PrimaryKeyRelatedField(queryset=Call.objects.published())
    team_name_ko = serializers.CharField(max_length=200)
    team_name_en = serializers.CharField(max_length=200, required=False, allow_blank=True)


class MemberSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)

    class Meta:
        model = TeamMember
        fields = ["username", "permission", "organisation_role"]


class ParticipantSerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name_ko", read_only=True)
    organisation_type = serializers.CharField(source="organisation.type", read_only=True)
    organisation_role = serializers.ChoiceField(
        source="role", choices=OrganisationRole.choices, read_only=True
    )

    class Meta:
        model = Participant
        fields = [
            "id",
            "organisation",
            "organisation_name",
            "organisation_type",
            "organisation_role",
        ]


class TeamSerializer(serializers.ModelSerializer):
    members = MemberSerializer(many=True, read_only=True)
    participants = ParticipantSerializer(many=True, read_only=True)
    application = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Team
        fields = ["id", "call", "name_ko", "name_en", "application", "members", "participants"]
        read_only_fields = ["id", "application"]


class InvitationSerializer(serializers.Serializer):
    email = serializers.EmailField()
    permission = serializers.ChoiceField(choices=TeamMember._meta.get_field("permission").choices)
    organisation_role = serializers.ChoiceField(
        choices=OrganisationRole.choices, required=False, default=""
    )
