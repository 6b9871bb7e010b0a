from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from accounts.widgets import OrganisationSelect
from applications import call_rules
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
from programmes.widgets import PlainSelect

COMMON_FIELDS = [
    "title_ko",
    "title_en",
    "summary",
    "summary_en",
    "objectives",
    "objectives_en",
    "kpis",
    "kpis_en",
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


# Dates are typed and shown in the Korean order, 2027. 03. 01., whatever the browser's own
# locale would make of <input type="date">; ISO and unspaced forms are accepted too.
KOREAN_DATE_FORMAT = "%Y. %m. %d."
KOREAN_DATE_INPUTS = [KOREAN_DATE_FORMAT, "%Y. %m. %d", "%Y.%m.%d.", "%Y.%m.%d", "%Y-%m-%d"]


class KoreanDateInput(forms.DateInput):
    def __init__(self, attrs=None):
        attrs = {
            "placeholder": "yyyy. mm. dd.",
            "inputmode": "numeric",
            "autocomplete": "off",
            "class": "korean-date",
            **(attrs or {}),
        }
        super().__init__(attrs=attrs, format=KOREAN_DATE_FORMAT)


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
            "starts_on": KoreanDateInput(),
            "host_organisation": OrganisationSelect(),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "objectives": forms.Textarea(attrs={"rows": 3}),
            "kpis": forms.Textarea(attrs={"rows": 3}),
            "summary_en": forms.Textarea(attrs={"rows": 4}),
            "objectives_en": forms.Textarea(attrs={"rows": 3}),
            "kpis_en": forms.Textarea(attrs={"rows": 3}),
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
        starts_on = self.fields["starts_on"]
        starts_on.input_formats = KOREAN_DATE_INPUTS
        earliest, latest = call_rules.start_window(self.instance.call)
        starts_on.help_text = _("yyyy. mm. dd., between %(earliest)s and %(latest)s") % {
            "earliest": earliest.strftime(KOREAN_DATE_FORMAT),
            "latest": latest.strftime(KOREAN_DATE_FORMAT),
        }

    def clean_starts_on(self):
        starts_on = self.cleaned_data.get("starts_on")
        problem = call_rules.start_date_problem(self.instance.call, starts_on)
        if problem:
            raise forms.ValidationError(problem)
        return starts_on

    def valid_changes(self):
        """The values that passed validation; invalid fields are reported, not saved."""
        self.is_valid()
        return {
            name: self.cleaned_data[name]
            for name in self.fields
            if name != "version" and name in self.cleaned_data and name not in self.errors
        }


# The budget table has one unit, stated once in its heading "(단위: 천원)": amounts are typed
# in it and shown in it. Storage stays integer won (the API speaks won).
BUDGET_UNIT = 1000
# 1경 원: far above any call's cap, far below a BigIntegerField's limit.
BUDGET_MAX_IN_UNIT = MAX_LINE_AMOUNT // BUDGET_UNIT


class BudgetLineForm(forms.ModelForm):
    amount = forms.IntegerField(
        label=_("Amount"),
        min_value=0,
        max_value=BUDGET_MAX_IN_UNIT,
        widget=forms.NumberInput(attrs={"step": 1, "inputmode": "numeric"}),
    )

    class Meta:
        model = BudgetLine
        fields = ["participant", "fiscal_year", "category", "source", "amount"]

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = application.team.participants.select_related(
            "organisation"
        )
        # The table's check constraint (budget_line_year_plausible), refused here as a message;
        # inside the project period when the draft has one.
        year = self.fields["fiscal_year"]
        year.min_value, year.max_value = 2000, 2100
        year.validators += [MinValueValidator(2000), MaxValueValidator(2100)]
        year.widget.attrs.update(min=2000, max=2100)
        self.years = project_years(application.starts_on, application.duration_months)

    def clean_fiscal_year(self):
        year = self.cleaned_data["fiscal_year"]
        problem = fiscal_year_error(year, self.years)
        if problem:
            raise forms.ValidationError(problem)
        return year

    def clean_amount(self):
        return self.cleaned_data["amount"] * BUDGET_UNIT


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
        label=_("Organisation"),
        queryset=Organisation.objects.filter(is_confirmed=True),
        widget=OrganisationSelect,
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
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Reference number, title, organisation or principal investigator"),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    programme = forms.ModelChoiceField(
        widget=PlainSelect,
        queryset=None,
        label=_("Programme"),
        required=False,
        empty_label=_("All"),
    )
    call = forms.ModelChoiceField(
        widget=PlainSelect, queryset=None, label=_("Call"), required=False, empty_label=_("All")
    )
    status = forms.ChoiceField(widget=PlainSelect, label=_("Status"), required=False)
    organisation_type = forms.ChoiceField(
        widget=PlainSelect, label=_("Lead organisation type"), required=False
    )
    gpu_type = forms.ChoiceField(widget=PlainSelect, label=_("GPU type"), required=False)
    min_amount = forms.IntegerField(
        label=_("Government funding from (KRW)"), required=False, min_value=0
    )
    max_amount = forms.IntegerField(
        label=_("Government funding up to (KRW)"), required=False, min_value=0
    )

    def __init__(self, *args, user=None, **kwargs):
        from accounts.enums import OrganisationType
        from applications.enums import ApplicationStatus, GpuType
        from programmes.models import Call, Programme

        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.order_by("id")
        self.fields["call"].queryset = (
            Call.objects.visible_to(user) if user is not None else Call.objects.none()
        ).order_by("-opens_at", "id")
        # The call's title (not its notice number) is what staff recognise.
        self.fields["call"].label_from_instance = lambda call: call.title
        everything = [("", _("All"))]
        self.fields["status"].choices = everything + list(ApplicationStatus.choices)
        self.fields["organisation_type"].choices = everything + list(OrganisationType.choices)
        self.fields["gpu_type"].choices = everything + list(GpuType.choices)
