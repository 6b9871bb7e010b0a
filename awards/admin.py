"""Read-only admin with history for officers, finance officers and auditors: every write on
awards goes through the services (the pages and the API)."""

from django.contrib import admin

from awards.models import (
    Award,
    AwardFunding,
    CarryOver,
    CashShareReceipt,
    InKindSupport,
    ProgressReport,
    SettlementLine,
    Tranche,
)
from programmes.admin import ReadOnlyAdmin


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class FundingInline(ReadOnlyInline):
    model = AwardFunding


class InKindInline(ReadOnlyInline):
    model = InKindSupport


@admin.register(Award)
class AwardAdmin(ReadOnlyAdmin):
    list_display = ["number", "application", "status", "starts_on", "ends_on", "version"]
    list_filter = ["status"]
    search_fields = ["number", "application__reference", "application__team__name_ko"]
    list_select_related = ["application"]
    inlines = [FundingInline, InKindInline]


@admin.register(Tranche)
class TrancheAdmin(ReadOnlyAdmin):
    list_display = ["award", "fiscal_year", "quarter", "amount", "due_on", "status",
                    "requested_by", "approved_by", "paid_on"]  # fmt: skip
    list_filter = ["status", "fiscal_year"]
    list_select_related = ["award", "requested_by", "approved_by"]


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyAdmin):
    list_display = ["award", "period_starts_on", "period_ends_on", "due_on", "status"]
    list_filter = ["status"]
    list_select_related = ["award"]


@admin.register(CarryOver)
class CarryOverAdmin(ReadOnlyAdmin):
    list_display = ["award", "from_year", "amount", "status", "requested_by", "decided_by"]
    list_select_related = ["award", "requested_by", "decided_by"]


@admin.register(SettlementLine)
class SettlementLineAdmin(ReadOnlyAdmin):
    list_display = ["award", "phase", "category", "disbursed", "spent", "recovered"]
    list_select_related = ["award", "phase"]


@admin.register(CashShareReceipt)
class CashShareReceiptAdmin(ReadOnlyAdmin):
    list_display = ["award", "fiscal_year", "amount", "received_on"]
    list_select_related = ["award"]
