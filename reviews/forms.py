from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Department, Organisation
from programmes.models import Stage
from programmes.widgets import PlainSelect
from reviews.enums import GATE_RULES, DecisionRule, ObjectionStatus, PanelPurpose, PanelRole
from reviews.models import Criterion, Panel

DATETIME = "%Y-%m-%dT%H:%M"


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    organisation = forms.ModelChoiceField(
        Organisation.objects.all(), label=_("Organisation"), required=False
    )
    department = forms.ModelChoiceField(
        Department.objects.select_related("organisation"), label=_("Department"), required=False
    )
    expertise = forms.CharField(label=_("Expertise keywords"), max_length=300, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=PanelRole.choices, initial=PanelRole.MEMBER)


class AcceptInvitationForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, min_length=10)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class AutoAssignForm(forms.Form):
    per_application = forms.IntegerField(label=_("Reviewers per application"), min_value=1)
    cap = forms.IntegerField(label=_("Most per reviewer"), min_value=1, required=False)
    top_up = forms.BooleanField(label=_("Top up after recusals"), required=False)


class DecisionForm(forms.Form):
    rule = forms.ChoiceField(label=_("Decision rule"), choices=DecisionRule.choices)
    k = forms.IntegerField(label=_("K (for the top K)"), min_value=1, required=False)
    threshold = forms.DecimalField(
        label=_("Threshold score"), max_digits=5, decimal_places=2, required=False
    )
    rationale = forms.CharField(label=_("Rationale"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, panel=None, **kwargs):
        super().__init__(*args, **kwargs)
        if panel is None:
            return
        # A stage gate decides by its plan only; the other panels never by a gate plan.
        gate = panel.purpose == PanelPurpose.STAGE_GATE
        self.fields["rule"].choices = [
            (value, label) for value, label in DecisionRule.choices if (value in GATE_RULES) == gate
        ]
        if gate:
            del self.fields["k"], self.fields["threshold"]

    def clean(self):
        data = super().clean()
        if data.get("rule") == DecisionRule.THRESHOLD and data.get("threshold") is None:
            self.add_error("threshold", _("Give the threshold."))
        return data


class PanelForm(forms.ModelForm):
    class Meta:
        model = Panel
        fields = [
            "stage", "name_ko", "name_en", "purpose", "scale_max", "aggregation",
            "trim_min_reviews", "disagreement_share", "reviews_per_application",
            "max_per_reviewer", "cutline", "knockout_rule", "opens_at", "closes_at",
            "show_peer_scores", "hide_applicant_identity",
        ]  # fmt: skip
        widgets = {
            "opens_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME),
            "closes_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME),
        }
        labels = {"stage": _("Stage")}  # the model field has no verbose name of its own

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = Stage.objects.select_related("call").order_by(
            "-call__opens_at", "order"
        )
        self.fields["stage"].label_from_instance = lambda s: f"{s.call.notice_number} · {s}"


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["order", "name_ko", "name_en", "guidance", "weight", "is_knockout"]
        widgets = {"guidance": forms.Textarea(attrs={"rows": 1})}

    def clean(self):
        data = super().clean()
        if data.get("is_knockout"):
            data["weight"] = 0  # knock-out criteria stand apart from the score
            self.instance.weight = 0
        return data


CriterionFormSet = forms.inlineformset_factory(
    Panel,
    Criterion,
    form=CriterionForm,
    extra=2,
    can_delete=True,
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name; each is checked by the service (PDF, size)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "application/pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ObjectionForm(forms.Form):
    grounds = forms.CharField(
        label=_("Grounds of the objection"), widget=forms.Textarea(attrs={"rows": 8})
    )
    files = MultipleFileField(
        label=_("Supporting documents (PDF)"),
        required=False,
        help_text=_("Optional; up to five PDF files."),
    )


class ObjectionDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[("upheld", _("Uphold")), ("dismissed", _("Dismiss"))],
        widget=forms.RadioSelect,
    )
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 5}))


class ObjectionFilterForm(forms.Form):
    status = forms.ChoiceField(
        widget=PlainSelect,
        label=_("Status"),
        choices=[("", _("all")), *ObjectionStatus.choices],
        required=False,
    )
