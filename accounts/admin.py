from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import Department, EmailDomain, Organisation, Sanction, User


@admin.register(User)
class UserAdmin(BaseUserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "full_name", "email", "organisation", "is_active"]
    list_select_related = ["organisation"]
    search_fields = ["username", "full_name", "email"]
    fieldsets = BaseUserAdmin.fieldsets + (
        (
            _("Affiliation"),
            {"fields": ["full_name", "organisation", "department", "position", "expertise"]},
        ),
        (
            _("Consent at registration"),
            {
                "fields": [
                    "privacy_consent_version",
                    "privacy_consented_at",
                    "terms_version",
                    "terms_accepted_at",
                ]
            },
        ),
    )
    # A record of what the person agreed to: never edited by hand.
    readonly_fields = [
        "privacy_consent_version",
        "privacy_consented_at",
        "terms_version",
        "terms_accepted_at",
    ]
    autocomplete_fields = ["organisation", "department"]


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0


class EmailDomainInline(admin.TabularInline):
    model = EmailDomain
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name_ko", "name_en", "type", "business_number", "is_confirmed"]
    list_filter = ["type", "is_confirmed"]
    search_fields = ["name_ko", "name_en", "business_number"]
    inlines = [DepartmentInline, EmailDomainInline]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    search_fields = ["name_ko", "name_en", "organisation__name_ko"]
    list_select_related = ["organisation"]


@admin.register(Sanction)
class SanctionAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "starts_on", "ends_on", "reason"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]
