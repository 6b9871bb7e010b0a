from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from applications.budget_rules import MAX_LINE_AMOUNT, fiscal_year_error, project_years
from applications.enums import OrganisationRole, TeamPermission
from applications.models import (
    Application,
    BudgetLine,
    DataRequest,
    GpuRequest,
    StaffRequest,
    StudentQuota,
)
from programmes.enums import ApplicantKind, DocumentKind

COMMON_FIELDS = [
    "title_ko",
    "title_en",
    "summary",
    "objectives",
    "kpis",
    "duration_months",
    "starts_on",
]
KIND_FIELDS = {
    ApplicantKind.CONSORTIUM: [],
    ApplicantKind.INDIVIDUAL: [
        "researcher_name",
        "host_organisation",
        "qs_top100_years",
        "bigtech_years",
        "bigtech_firm",
    ],
    ApplicantKind.UNIVERSITY: ["faculty_count", "curriculum_summary"],
}


class DraftForm(forms.ModelForm):
    """Every field optional while drafting: the call's rules are checked at submission."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Application
        fields = (
            COMMON_FIELDS
            + KIND_FIELDS[ApplicantKind.INDIVIDUAL]
            + KIND_FIELDS[ApplicantKind.UNIVERSITY]
        )
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "objectives": forms.Textarea(attrs={"rows": 3}),
            "kpis": forms.Textarea(attrs={"rows": 3}),
            "curriculum_summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kind = self.instance.call.applicant_kind
        keep = set(COMMON_FIELDS + KIND_FIELDS.get(kind, []) + ["version"])
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
            elif name != "version":
                self.fields[name].required = False
        if "host_organisation" in self.fields:
            self.fields["host_organisation"].queryset = Organisation.objects.filter(
                is_confirmed=True
            )
        if not self.is_bound:
            self.initial["version"] = self.instance.version

    def valid_changes(self):
        """The values that passed validation; invalid fields are reported, not saved."""
        self.is_valid()
        return {
            name: self.cleaned_data[name]
            for name in self.fields
            if name != "version" and name in self.cleaned_data and name not in self.errors
        }


class BudgetLineForm(forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = ["participant", "fiscal_year", "category", "source", "amount"]

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = application.team.participants.select_related(
            "organisation"
        )
        amount = self.fields["amount"]
        amount.min_value, amount.max_value = 0, MAX_LINE_AMOUNT
        amount.validators = [MinValueValidator(0), MaxValueValidator(MAX_LINE_AMOUNT)]
        amount.widget.attrs.update(min=0, max=MAX_LINE_AMOUNT)
        self.years = project_years(application.starts_on, application.duration_months)

    def clean_fiscal_year(self):
        year = self.cleaned_data["fiscal_year"]
        problem = fiscal_year_error(year, self.years)
        if problem:
            raise forms.ValidationError(problem)
        return year


class GpuRequestForm(forms.ModelForm):
    class Meta:
        model = GpuRequest
        fields = ["gpu_type", "count", "gpu_hours_per_quarter"]


class DataRequestForm(forms.ModelForm):
    class Meta:
        model = DataRequest
        fields = ["dataset", "supplier", "volume_tb", "licence"]


class StaffRequestForm(forms.ModelForm):
    class Meta:
        model = StaffRequest
        fields = ["role", "fte", "months", "overseas"]


class StudentQuotaForm(forms.ModelForm):
    class Meta:
        model = StudentQuota
        fields = ["year", "masters", "phd"]


PART_FORMS = {
    "budget_lines": BudgetLineForm,
    "gpu_requests": GpuRequestForm,
    "data_requests": DataRequestForm,
    "staff_requests": StaffRequestForm,
    "student_quotas": StudentQuotaForm,
}


def part_form(kind, application, data=None):
    form_class = PART_FORMS[kind]
    kwargs = {"application": application} if kind == "budget_lines" else {}
    return form_class(data, prefix=kind, **kwargs)


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document kind"), choices=DocumentKind.choices)
    file = forms.FileField(
        label=_("PDF file"), widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"})
    )


class TeamForm(forms.Form):
    name_ko = forms.CharField(label=_("Team name (Korean)"), max_length=200)
    name_en = forms.CharField(label=_("Team name (English)"), max_length=200, required=False)


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    permission = forms.ChoiceField(
        label=_("Team permission"), choices=TeamPermission.choices, initial=TeamPermission.EDITOR
    )
    organisation_role = forms.ChoiceField(
        label=_("Organisation role"),
        choices=OrganisationRole.choices,
        initial=OrganisationRole.JOINT,
    )


class ParticipantForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.filter(is_confirmed=True)
    )
    role = forms.ChoiceField(
        label=_("Role in the consortium"),
        choices=OrganisationRole.choices,
        initial=OrganisationRole.JOINT,
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for reopening"), widget=forms.Textarea(attrs={"rows": 2})
    )


class ApplicationFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    organisation_type = forms.ChoiceField(label=_("Lead organisation type"), required=False)
    gpu_type = forms.ChoiceField(label=_("GPU type"), required=False)
    min_amount = forms.IntegerField(
        label=_("Government funding from (KRW)"), required=False, min_value=0
    )
    max_amount = forms.IntegerField(
        label=_("Government funding up to (KRW)"), required=False, min_value=0
    )

    def __init__(self, *args, **kwargs):
        from accounts.enums import OrganisationType
        from applications.enums import ApplicationStatus, GpuType

        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["status"].choices = everything + list(ApplicationStatus.choices)
        self.fields["organisation_type"].choices = everything + list(OrganisationType.choices)
        self.fields["gpu_type"].choices = everything + list(GpuType.choices)
