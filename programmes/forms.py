from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.enums import OrganisationType
from programmes.enums import DocumentKind
from programmes.models import Call, Programme, ProgrammeBudget, Stage


class CallForm(forms.ModelForm):
    allowed_lead_types = forms.MultipleChoiceField(
        label=_("organisation types allowed to lead"),
        choices=OrganisationType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Leave all unticked to let any type lead."),
    )
    required_documents = forms.MultipleChoiceField(
        label=_("required documents"),
        choices=DocumentKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Call
        fields = [
            "programme",
            "notice_number",
            "reference_prefix",
            "title_ko",
            "title_en",
            "description_ko",
            "description_en",
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
            "objection_days",
            "is_published",
        ]
        widgets = {
            "opens_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "closes_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "description_ko": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "cap_per_year": _("In won, e.g. 2000000000 for 20억 원. Empty means no cap."),
            "cap_total": _("In won. Empty means no cap."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left empty, the period is the call's default (14 days).
        self.fields["objection_days"].required = False

    def clean_objection_days(self):
        value = self.cleaned_data["objection_days"]
        return Call._meta.get_field("objection_days").default if value is None else value

    def clean(self):
        cleaned = super().clean()
        for field in ("cap_per_year", "cap_total"):
            value = cleaned.get(field)
            if value is not None and value < 0:
                self.add_error(field, _("An amount cannot be negative."))
        return cleaned


StageFormSet = forms.inlineformset_factory(
    Call,
    Stage,
    fields=["order", "kind", "name_ko", "name_en", "starts_on", "ends_on"],
    extra=1,
    can_delete=True,
    widgets={
        "starts_on": forms.DateInput(attrs={"type": "date"}),
        "ends_on": forms.DateInput(attrs={"type": "date"}),
    },
)


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["code", "name_ko", "name_en", "agency", "description_ko", "description_en"]
        widgets = {
            "description_ko": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
        }


class BudgetForm(forms.ModelForm):
    class Meta:
        model = ProgrammeBudget
        fields = ["fiscal_year", "amount"]
        help_texts = {"amount": _("In won, e.g. 213600000000 for 2,136억 원.")}

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is not None and amount < 0:
            raise forms.ValidationError(_("An amount cannot be negative."))
        return amount

    def clean_fiscal_year(self):
        year = self.cleaned_data["fiscal_year"]
        if year is not None and not 2000 <= year <= 2100:
            raise forms.ValidationError(_("Give a fiscal year between 2000 and 2100."))
        return year


BudgetFormSet = forms.inlineformset_factory(
    Programme, ProgrammeBudget, form=BudgetForm, extra=1, can_delete=True
)
