from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from letters import services, tasks
from letters.models import AwardLetter, IssuingUnit
from programmes.admin import ReadOnlyAdmin


@admin.register(IssuingUnit)
class IssuingUnitAdmin(SimpleHistoryAdmin):
    list_display = ["agency", "issuer_ko", "unit_ko", "sender_title_ko", "telephone"]


@admin.register(AwardLetter)
class AwardLetterAdmin(ReadOnlyAdmin):
    list_display = ["document_number", "award", "award_version", "status", "issued_at"]
    list_filter = ["status", "unit"]
    search_fields = ["document_number", "award__number", "recipient_organisation"]
    exclude = ["verification_code"]
    actions = ["reissue"]

    @admin.action(description=_("Issue the letter of the award's current version"))
    def reissue(self, request, queryset):
        for letter in queryset.select_related("award"):
            try:
                tasks.queue_award_letter(letter.award, by=request.user)
            except services.LetterRefused as refusal:
                for field_messages in refusal.errors.values():
                    for message in field_messages:
                        self.message_user(request, f"{letter.award}: {message}", messages.ERROR)
