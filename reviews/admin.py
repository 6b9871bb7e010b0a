"""Read-only admin with history for officers and auditors: every write goes through the
services (the pages and the API). Stage-gate components are the exception: they are plain
configuration, edited here by officers, per stage so that their weights sum to 100; their
results are entered on the stage gate page."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from simple_history.admin import SimpleHistoryAdmin

from programmes.admin import ReadOnlyAdmin
from reviews.models import (
    ComponentResult,
    ConflictDeclaration,
    Criterion,
    Decision,
    DecisionRevocation,
    GateComponent,
    Invitation,
    KnockoutConfirmation,
    Objection,
    Panel,
    PanelMember,
    Recusal,
    Review,
    Score,
    StageGate,
)
from reviews.readiness import gate_weight_errors


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CriterionInline(ReadOnlyInline):
    model = Criterion


class MemberInline(ReadOnlyInline):
    model = PanelMember


@admin.register(Panel)
class PanelAdmin(ReadOnlyAdmin):
    list_display = ["name_ko", "stage", "purpose", "aggregation", "opens_at", "closes_at"]
    list_filter = ["purpose", "aggregation"]
    inlines = [CriterionInline, MemberInline]


class ScoreInline(ReadOnlyInline):
    model = Score


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ["application", "reviewer", "panel", "status", "total", "submitted_at"]
    list_filter = ["status", "panel"]
    list_select_related = ["application", "reviewer", "panel"]
    inlines = [ScoreInline]
    # Newest first from the primary key's index: the model's order sorts every review (25,000
    # of a national panel) on each page of the list.
    ordering = ["-id"]


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(ReadOnlyAdmin):
    list_display = ["reviewer", "application", "panel", "declared_at"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["application", "panel", "outcome", "rule", "score", "rank", "decided_by"]
    list_filter = ["outcome", "panel"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["email", "panel", "created_at", "accepted_at"]
    exclude = ["token"]


class GateComponentFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        weights = [
            form.cleaned_data.get("weight")
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        errors = gate_weight_errors(weights) if weights else []
        if errors:
            raise ValidationError(errors)


class GateComponentInline(admin.TabularInline):
    model = GateComponent
    formset = GateComponentFormSet
    fk_name = "stage"
    extra = 1


@admin.register(StageGate)
class StageGateAdmin(SimpleHistoryAdmin):
    """A stage's gate components, edited together so that their weights sum to 100."""

    list_display = ["__str__", "call", "kind"]
    list_filter = ["kind"]
    fields = ["call", "order", "kind", "name_ko"]
    readonly_fields = ["call", "order", "kind", "name_ko"]
    inlines = [GateComponentInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(GateComponent)
class GateComponentAdmin(ReadOnlyAdmin):  # edited per stage (StageGateAdmin): the sum holds
    list_display = ["name_ko", "stage", "weight", "panel"]


@admin.register(Recusal)
class RecusalAdmin(ReadOnlyAdmin):
    list_display = ["review", "reasons", "found_at"]


@admin.register(KnockoutConfirmation)
class KnockoutConfirmationAdmin(ReadOnlyAdmin):
    list_display = ["application", "panel", "failed", "confirmed_by", "confirmed_at"]


@admin.register(DecisionRevocation)
class DecisionRevocationAdmin(ReadOnlyAdmin):
    list_display = ["panel", "revoked_by", "revoked_at"]


@admin.register(ComponentResult)
class ComponentResultAdmin(ReadOnlyAdmin):  # entered on the stage gate results page
    list_display = ["component", "application", "value", "entered_by"]


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdmin):  # filed and decided on the objection pages and API
    list_display = ["application", "panel", "status", "filed_by", "filed_at", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["application", "panel", "filed_by"]
