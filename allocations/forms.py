"""Forms translate browser input into the services' keyword data; they hold no rules."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from allocations.enums import StaffRole
from allocations.models import ClusterOperator
from applications.enums import GpuType

LEDGER_OPERATIONS = [
    ("grant", _("Grant")),
    ("supplement", _("Supplement")),
    ("reclaim", _("Reclaim")),
    ("release", _("Release to the team")),
]


class LedgerForm(forms.Form):
    operation = forms.ChoiceField(label=_("Operation"), choices=LEDGER_OPERATIONS)
    quarter = forms.ChoiceField(label=_("Quarter"))
    gpu_type = forms.ChoiceField(label=_("GPU type"), choices=GpuType.choices)
    gpu_count = forms.IntegerField(
        label=_("GPUs for the whole quarter"), min_value=1, max_value=1_000_000, required=False
    )
    gpu_hours = forms.IntegerField(
        label=_("or GPU-hours"), min_value=1, max_value=10**11, required=False
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, quarters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quarter"].choices = [(f"{q.year}Q{q.number}", q.label_ko()) for q in quarters]

    def clean(self):
        data = super().clean()
        if not data.get("gpu_count") and not data.get("gpu_hours"):
            self.add_error("gpu_count", _("Give GPUs or GPU-hours."))
        if data.get("operation") in ("reclaim", "release") and not data.get("gpu_hours"):
            self.add_error("gpu_hours", _("Reclaims and releases are given in GPU-hours."))
        return data


class CloseQuarterForm(forms.Form):
    quarter = forms.CharField(max_length=7)


class UsageUploadForm(forms.Form):
    operator = forms.ModelChoiceField(
        label=_("Cluster operator"), queryset=ClusterOperator.objects.order_by("code")
    )
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: external_id, award, gpu_type, period_start, period_end, gpu_seconds "
            "(and corrects for a correction). UTF-8."
        ),
    )

    def __init__(self, *args, operator=None, **kwargs):
        super().__init__(*args, **kwargs)
        if operator is not None:  # an operator uploads as itself
            self.fields["operator"].queryset = ClusterOperator.objects.filter(pk=operator.pk)
            self.fields["operator"].initial = operator.pk


class DataGrantForm(forms.Form):
    name_ko = forms.CharField(label=_("Dataset (Korean)"), max_length=200)
    name_en = forms.CharField(label=_("Dataset (English)"), max_length=200, required=False)
    supplier = forms.CharField(label=_("Supplier"), max_length=200)
    licence_terms = forms.CharField(
        label=_("Licence terms"), widget=forms.Textarea(attrs={"rows": 2})
    )
    volume = forms.CharField(label=_("Volume"), max_length=100)
    value = forms.IntegerField(label=_("Value (won)"), min_value=0, max_value=10**12, initial=0)
    access_from = forms.DateField(
        label=_("Access from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    access_until = forms.DateField(
        label=_("Access until"), widget=forms.DateInput(attrs={"type": "date"})
    )
    agreement = forms.FileField(label=_("Three-party agreement (PDF)"), required=False)


class StaffForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=StaffRole.choices)
    fte = forms.DecimalField(
        label=_("FTE"), min_value=Decimal("0.01"), max_value=Decimal("1"), decimal_places=2
    )
    months = forms.IntegerField(label=_("Months"), min_value=1, max_value=72)
    starts_on = forms.DateField(
        label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    person_name = forms.CharField(label=_("Named person"), max_length=150, required=False)

    def clean_fte(self):
        # Kept as an integer number of hundredths: no float is stored.
        return int(self.cleaned_data["fte"] * 100)
