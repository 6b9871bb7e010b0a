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
    UsageTotal,
    UtilisationAlert,
)
from programmes.admin import ReadOnlyAdmin


class _ChoiceFilter(admin.SimpleListFilter):
    """A filter whose choices are known without reading the million usage records (Django's
    own filter for a plain field reads their distinct values: 100 ms a field at that size)."""

    def queryset(self, request, queryset):
        try:
            value = int(self.value())
        except (TypeError, ValueError):  # none chosen, or not a number: the whole list
            return queryset
        return queryset.filter(**{self.parameter_name: value})


class UsageYearFilter(_ChoiceFilter):
    title = UsageRecord._meta.get_field("year").verbose_name
    parameter_name = "year"

    def lookups(self, request, model_admin):
        # The per-quarter totals hold the same years as the records they sum, in a few rows.
        years = UsageTotal.objects.order_by("year").values_list("year", flat=True).distinct()
        return [(year, str(year)) for year in years]


class UsageQuarterFilter(_ChoiceFilter):
    title = UsageRecord._meta.get_field("quarter").verbose_name
    parameter_name = "quarter"

    def lookups(self, request, model_admin):
        return [(quarter, f"Q{quarter}") for quarter in range(1, 5)]


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
    list_filter = ["pool", "gpu_type", UsageYearFilter, UsageQuarterFilter, "source"]
    search_fields = ["external_id", "award__number"]
    list_select_related = ["operator", "award"]
    # A million records and more: newest first from the primary key's index (the model's own
    # order, by period, sorted every row), and one count, not a second of the unfiltered table.
    ordering = ["-id"]
    show_full_result_count = False


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
