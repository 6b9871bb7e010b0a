from rest_framework import serializers

from programmes.models import Call, Programme, ProgrammeBudget, Stage


class ProgrammeBudgetSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgrammeBudget
        fields = ["fiscal_year", "amount"]


class ProgrammeSerializer(serializers.ModelSerializer):
    budgets = ProgrammeBudgetSerializer(many=True, read_only=True)

    class Meta:
        model = Programme
        fields = [
            "id",
            "code",
            "name_ko",
            "name_en",
            "agency",
            "description_ko",
            "description_en",
            "budgets",
        ]


class StageSerializer(serializers.ModelSerializer):
    class Meta:
        model = Stage
        fields = ["order", "kind", "name_ko", "name_en", "starts_on", "ends_on"]


class CallSerializer(serializers.ModelSerializer):
    programme = serializers.SlugRelatedField(slug_field="code", read_only=True)
    stages = StageSerializer(many=True, read_only=True)

    class Meta:
        model = Call
        fields = [
            "id",
            "programme",
            "notice_number",
            "title_ko",
            "title_en",
            "opens_at",
            "closes_at",
            "quota",
            "max_duration_months",
            "cap_per_year",
            "cap_total",
            "applicant_kind",
            "requires_university",
            "allowed_lead_types",
            "required_documents",
            "department_conflict_rule",
            "allows_several_applications",
            "is_published",
            "stages",
        ]
