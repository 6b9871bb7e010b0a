"""Read-only admin for officers and auditors: every write goes through the services."""

from django.contrib import admin

from applications.models import (
    Application,
    Attachment,
    BudgetLine,
    Participant,
    Submission,
    Team,
    TeamMember,
)
from programmes.admin import ReadOnlyAdmin


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Team)
class TeamAdmin(ReadOnlyAdmin):
    list_display = ["name_ko", "call", "created_at"]
    list_filter = ["call"]
    search_fields = ["name_ko", "name_en"]
    inlines = [ParticipantInline]


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["reference", "title_ko", "call", "status", "version", "submitted_at"]
    list_filter = ["status", "call"]
    search_fields = ["reference", "title_ko", "team__name_ko"]
    list_select_related = ["call"]


@admin.register(TeamMember)
class TeamMemberAdmin(ReadOnlyAdmin):
    list_display = ["user", "team", "permission", "organisation_role"]
    list_select_related = ["user", "team"]


@admin.register(BudgetLine)
class BudgetLineAdmin(ReadOnlyAdmin):
    list_display = ["application", "participant", "fiscal_year", "category", "source", "amount"]
    list_filter = ["fiscal_year", "category", "source"]
    list_select_related = ["application", "participant__organisation"]


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    # No file link: files are served only through the permission-checked view.
    list_display = ["original_name", "application", "kind", "size", "sha256", "uploaded_at"]
    exclude = ["file"]
    list_select_related = ["application"]


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["reference", "version", "application", "submitted_at", "submitted_by"]
    list_select_related = ["application", "submitted_by"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
