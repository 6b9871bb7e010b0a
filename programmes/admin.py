from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from programmes.models import Call, InstitutionShareRule, Programme, ProgrammeBudget, Stage


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """For records that only services write: the admin shows them and their history."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ProgrammeBudgetInline(admin.TabularInline):
    model = ProgrammeBudget
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name_ko", "name_en", "agency"]
    inlines = [ProgrammeBudgetInline]


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0


class ShareRuleInline(admin.TabularInline):
    model = InstitutionShareRule
    extra = 0


@admin.register(Call)
class CallAdmin(SimpleHistoryAdmin):
    list_display = ["notice_number", "title_ko", "programme", "opens_at", "closes_at", "quota"]
    list_filter = ["programme", "is_published", "applicant_kind"]
    list_select_related = ["programme"]
    search_fields = ["notice_number", "title_ko", "title_en"]
    inlines = [StageInline, ShareRuleInline]
