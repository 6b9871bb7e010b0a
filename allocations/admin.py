"""The pool's configuration (tranches, factors, operators) is edited here; the ledger, usage,
data grants and staff are written by services and only shown, with their history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from allocations.models import (
    ClusterOperator,
    DataGrant,
    EquivalenceFactor,
    GpuPlan,
    GpuPool,
    LedgerEntry,
    PoolTranche,
    QuarterClosure,
    StaffAllocation,
    UsageRecord,
    UtilisationAlert,
)
from programmes.admin import ReadOnlyAdmin


class TrancheInline(admin.TabularInline):
    model = PoolTranche
    extra = 0


@admin.register(GpuPool)
class GpuPoolAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name_ko", "carry_over_cap_percent"]
    inlines = [TrancheInline]


@admin.register(EquivalenceFactor)
class EquivalenceFactorAdmin(SimpleHistoryAdmin):
    list_display = ["gpu_type", "valid_from", "h100_per_mille"]
    list_filter = ["gpu_type"]

    def has_change_permission(self, request, obj=None):
        return False  # a new factor is a new row from its date: history is never rewritten


@admin.register(ClusterOperator)
class ClusterOperatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "pool", "user"]
    raw_id_fields = ["user"]


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = ["id", "award", "year", "quarter", "gpu_type", "kind", "gpu_seconds",
                    "created_by", "created_at"]  # fmt: skip
    list_filter = ["pool", "kind", "gpu_type", "year", "quarter"]
    search_fields = ["award__number"]
    list_select_related = ["award", "created_by"]


@admin.register(UsageRecord)
class UsageRecordAdmin(ReadOnlyAdmin):
    list_display = ["operator", "external_id", "award", "gpu_type", "period_start",
                    "gpu_seconds", "source"]  # fmt: skip
    list_filter = ["pool", "gpu_type", "year", "quarter", "source"]
    search_fields = ["external_id", "award__number"]
    list_select_related = ["operator", "award"]


@admin.register(QuarterClosure)
class QuarterClosureAdmin(ReadOnlyAdmin):
    list_display = ["pool", "year", "quarter", "closed_by", "closed_at"]


@admin.register(UtilisationAlert)
class UtilisationAlertAdmin(ReadOnlyAdmin):
    list_display = ["award", "year", "quarter", "gpu_type", "kind", "level", "percent",
                    "raised_at", "digested_at"]  # fmt: skip
    list_filter = ["kind", "level", "gpu_type"]


@admin.register(GpuPlan)
class GpuPlanAdmin(ReadOnlyAdmin):
    list_display = ["award", "year", "quarter", "gpu_type", "gpu_count", "gpu_seconds"]


@admin.register(DataGrant)
class DataGrantAdmin(ReadOnlyAdmin):
    list_display = ["name_ko", "award", "supplier", "access_from", "access_until", "status"]
    list_filter = ["status"]
    exclude = ["agreement"]  # served only through the checked view


@admin.register(StaffAllocation)
class StaffAllocationAdmin(ReadOnlyAdmin):
    list_display = ["award", "role", "fte_hundredths", "months", "actual_fte_hundredths",
                    "person_name"]  # fmt: skip
