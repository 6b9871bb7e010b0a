from django.utils.translation import gettext as _
from rest_framework import serializers

from allocations.models import GpuPool, LedgerEntry, PoolTranche, UsageRecord
from applications.enums import GpuType


class PoolTrancheSerializer(serializers.ModelSerializer):
    # A plain string: "status" enums of other apps would collide in the schema's names.
    status = serializers.CharField(read_only=True)

    class Meta:
        model = PoolTranche
        fields = [
            "gpu_type", "count", "available_from", "available_until", "maintenance_percent",
            "status", "note",
        ]  # fmt: skip


class CapacityRowSerializer(serializers.Serializer):
    quarter = serializers.CharField()
    gpu_type = serializers.CharField()
    capacity_seconds = serializers.IntegerField(source="capacity")
    committed_seconds = serializers.IntegerField(source="committed")
    released_seconds = serializers.IntegerField(source="released")
    used_seconds = serializers.IntegerField(source="used")
    free_seconds = serializers.IntegerField(source="free")
    closed = serializers.BooleanField()


class GpuPoolSerializer(serializers.ModelSerializer):
    tranches = PoolTrancheSerializer(many=True, read_only=True)
    quarters = serializers.SerializerMethodField()

    class Meta:
        model = GpuPool
        fields = ["code", "name_ko", "name_en", "carry_over_cap_percent", "tranches", "quarters"]

    def get_quarters(self, pool) -> list[dict]:
        from allocations.queries import pool_overview

        rows = pool_overview(pool)["rows"]
        return CapacityRowSerializer(
            [{**r, "quarter": str(r["quarter"])} for r in rows], many=True
        ).data


class LedgerEntrySerializer(serializers.ModelSerializer):
    award = serializers.CharField(source="award.number")
    pool = serializers.CharField(source="pool.code")

    class Meta:
        model = LedgerEntry
        fields = [
            "id", "pool", "award", "year", "quarter", "gpu_type", "kind", "gpu_seconds",
            "gpu_count", "pair", "factor_from_per_mille", "factor_to_per_mille", "note",
            "created_at",
        ]  # fmt: skip


WRITE_KINDS = ["grant", "supplement", "reclaim", "release", "transfer"]


class LedgerWriteSerializer(serializers.Serializer):
    """One ledger operation. Counts are whole GPUs over the whole quarter; else GPU-seconds."""

    kind = serializers.ChoiceField(choices=WRITE_KINDS)
    pool = serializers.SlugField()
    award = serializers.CharField(max_length=30)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    quarter = serializers.IntegerField(min_value=1, max_value=4)
    gpu_type = serializers.ChoiceField(choices=GpuType.choices)
    gpu_count = serializers.IntegerField(min_value=1, max_value=1_000_000, required=False)
    gpu_seconds = serializers.IntegerField(min_value=1, max_value=10**15, required=False)
    to_award = serializers.CharField(max_length=30, required=False)
    # Checked in validate(): a second ChoiceField of GpuType would name its enum twice.
    to_type = serializers.CharField(max_length=10, required=False)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")

    def validate(self, data):
        if data["kind"] == "grant" or data["kind"] == "supplement":
            if "gpu_count" not in data and "gpu_seconds" not in data:
                raise serializers.ValidationError({"gpu_count": _("Give GPUs or GPU-seconds.")})
        elif "gpu_seconds" not in data:
            raise serializers.ValidationError({"gpu_seconds": _("This field is required.")})
        if data.get("to_type", data["gpu_type"]) not in GpuType.values:
            raise serializers.ValidationError({"to_type": _("Unknown GPU type.")})
        if data["kind"] == "transfer" and "to_award" not in data:
            raise serializers.ValidationError({"to_award": _("This field is required.")})
        return data


class UsageRecordSerializer(serializers.ModelSerializer):
    operator = serializers.CharField(source="operator.code")
    source = serializers.CharField(read_only=True)  # "api" or "csv"; no enum name to collide
    award = serializers.CharField(source="award.number")

    class Meta:
        model = UsageRecord
        fields = [
            "id", "operator", "external_id", "award", "gpu_type", "period_start", "period_end",
            "year", "quarter", "gpu_seconds", "corrects", "source", "received_at",
        ]  # fmt: skip


class UsageBatchSerializer(serializers.Serializer):
    pool = serializers.SlugField(required=False)
    records = serializers.ListField(child=serializers.JSONField(), allow_empty=False)
