from rest_framework import serializers

from awards.models import (
    WON_MAX,
    Award,
    AwardFunding,
    InKindSupport,
    Kpi,
    Phase,
    ProgressReport,
    Tranche,
)


class AwardListSerializer(serializers.ModelSerializer):
    programme = serializers.CharField(source="application.call.programme.code", read_only=True)
    team_name = serializers.CharField(source="application.team.name_ko", read_only=True)
    reference = serializers.CharField(source="application.reference", read_only=True)
    lead = serializers.SerializerMethodField()
    government_total = serializers.IntegerField(read_only=True)

    class Meta:
        model = Award
        fields = ["id", "number", "status", "programme", "application", "reference", "team_name",
                  "lead", "starts_on", "ends_on", "agreement_deadline", "accepted_at", "version",
                  "government_total"]  # fmt: skip
        read_only_fields = fields

    def get_lead(self, award) -> str | None:
        leads = award.application.team.leads
        if leads:
            return leads[0].organisation.name_ko
        host = award.application.host_organisation
        return host.name_ko if host else None


class FundingSerializer(serializers.ModelSerializer):
    class Meta:
        model = AwardFunding
        fields = ["fiscal_year", "category", "source", "amount"]


class InKindSerializer(serializers.ModelSerializer):
    class Meta:
        model = InKindSupport
        fields = ["fiscal_year", "kind", "description_ko", "gpu_type", "gpu_count",
                  "gpu_seconds", "value"]  # fmt: skip


class PhaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Phase
        fields = ["number", "starts_on", "ends_on"]


class AwardSerializer(AwardListSerializer):
    funding = FundingSerializer(many=True, read_only=True)
    in_kind = InKindSerializer(many=True, read_only=True)
    phases = PhaseSerializer(many=True, read_only=True)
    conditions = serializers.SlugRelatedField(many=True, read_only=True, slug_field="text_ko")

    class Meta(AwardListSerializer.Meta):
        fields = [*AwardListSerializer.Meta.fields, "funding", "in_kind", "phases", "conditions"]
        read_only_fields = fields


class TrancheSerializer(serializers.ModelSerializer):
    award_number = serializers.CharField(source="award.number", read_only=True)

    class Meta:
        model = Tranche
        fields = ["id", "award", "award_number", "phase", "fiscal_year", "quarter", "amount",
                  "due_on", "status", "requested_by", "requested_at", "approved_by",
                  "approved_at", "paid_on", "payment_reference", "cancel_reason"]  # fmt: skip
        read_only_fields = fields


class PaySerializer(serializers.Serializer):
    payment_reference = serializers.CharField(max_length=50)
    paid_on = serializers.DateField()


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class KpiSerializer(serializers.ModelSerializer):
    class Meta:
        model = Kpi
        fields = ["metric", "unit", "target", "actual", "period_starts_on", "period_ends_on",
                  "joins_award", "note"]  # fmt: skip
        read_only_fields = fields


class ReportSerializer(serializers.ModelSerializer):
    kpis = KpiSerializer(many=True, read_only=True)

    class Meta:
        model = ProgressReport
        fields = ["id", "award", "phase", "period_starts_on", "period_ends_on", "due_on",
                  "status", "summary", "submitted_at", "reviewed_at", "review_comment",
                  "kpis"]  # fmt: skip
        read_only_fields = fields


class KpiFigureSerializer(serializers.Serializer):
    metric = serializers.CharField(max_length=30)
    actual = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    target = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, required=False)
    joins_award = serializers.PrimaryKeyRelatedField(queryset=Award.objects.all(), required=False)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)


class ReportSubmitSerializer(serializers.Serializer):
    """POST …/awards/{id}/reports/: the team's manager submits the report of a period."""

    report = serializers.IntegerField(min_value=1, max_value=WON_MAX)
    summary = serializers.CharField(max_length=10_000)
    kpis = KpiFigureSerializer(many=True)
