"""Forms translate browser input into the keyword data the services take; the services check
the rules and their refusals land back on these fields."""

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.enums import BudgetCategory, FundingSource
from awards.enums import AwardStatus, ReportStatus, TrancheStatus
from awards.models import WON_MAX
from programmes.widgets import PlainSelect

DATE = forms.DateInput(attrs={"type": "date"})


def won_field(label, **kwargs):
    return forms.IntegerField(label=label, min_value=0, max_value=WON_MAX, **kwargs)


class AwardForm(forms.Form):
    starts_on = forms.DateField(label=_("Agreement starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Agreement ends on"), widget=DATE)
    agreement_deadline = forms.DateField(label=_("Agreement deadline"), widget=DATE, required=False)
    conditions = forms.CharField(
        label=_("Conditions (one a line)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def clean_conditions(self):
        return [line.strip()[:500] for line in self.cleaned_data["conditions"].splitlines()
                if line.strip()]  # fmt: skip


class AmendForm(AwardForm):
    starts_on = None
    reason = forms.CharField(
        label=_("Reason for the amendment"), widget=forms.Textarea(attrs={"rows": 2})
    )


class FundingForm(forms.Form):
    """The deliberated table: one field per fiscal year × 비목 × source, in won."""

    reason = forms.CharField(
        label=_("Reason for the adjustment"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, award, **kwargs):
        super().__init__(*args, **kwargs)
        self.years = list(range(award.starts_on.year, award.ends_on.year + 1))
        current = {(f.fiscal_year, f.category, f.source): f.amount for f in award.funding.all()}
        rows = [(c, FundingSource.GOVERNMENT) for c in BudgetCategory.values]
        rows += sorted({(c, s) for (_y, c, s) in current if s != FundingSource.GOVERNMENT})
        self.rows = []
        for category, source in rows:
            cells = []
            for year in self.years:
                name = f"cell-{year}-{category}-{source}"
                self.fields[name] = won_field(
                    f"{year} {BudgetCategory(category).label} {FundingSource(source).label}",
                    required=False,
                    initial=current.get((year, category, source)),
                )
                cells.append(self[name])
            self.rows.append((BudgetCategory(category).label, FundingSource(source).label, cells))

    def funding(self):
        cells = {}
        for name, value in self.cleaned_data.items():
            if name.startswith("cell-") and value not in (None, 0):
                _prefix, year, category, source = name.split("-", 3)
                cells[(int(year), category, source)] = value
        return cells


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class TrancheForm(forms.Form):
    fiscal_year = forms.IntegerField(label=_("Fiscal year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), coerce=int, empty_value=None, required=False,
        choices=[("", "—"), (1, "1"), (2, "2"), (3, "3"), (4, "4")],
    )  # fmt: skip
    amount = won_field(_("Amount (won)"))
    due_on = forms.DateField(label=_("Due on"), widget=DATE)


class PayForm(forms.Form):
    payment_reference = forms.CharField(label=_("Payment reference"), max_length=50)
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE)


class CancelForm(forms.Form):
    cancel_reason = forms.CharField(
        label=_("Reason for cancelling"), widget=forms.Textarea(attrs={"rows": 2})
    )


class CashShareForm(forms.Form):
    fiscal_year = forms.IntegerField(label=_("Fiscal year"), min_value=2000, max_value=2100)
    amount = won_field(_("Amount (won)"))
    received_on = forms.DateField(label=_("Received on"), widget=DATE)


class CarryOverForm(forms.Form):
    from_year = forms.IntegerField(label=_("From fiscal year"), min_value=2000, max_value=2100)
    amount = won_field(_("Amount (won)"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ReportScheduleForm(forms.Form):
    phase = forms.TypedChoiceField(label=_("Phase"), coerce=int, required=False, empty_value=None)
    period_starts_on = forms.DateField(label=_("Period starts on"), widget=DATE)
    period_ends_on = forms.DateField(label=_("Period ends on"), widget=DATE)
    due_on = forms.DateField(label=_("Due on"), widget=DATE)

    def __init__(self, *args, award, **kwargs):
        super().__init__(*args, **kwargs)
        self.phases = {p.pk: p for p in award.phases.all()}
        self.fields["phase"].choices = [("", "—")] + [
            (pk, p.label) for pk, p in self.phases.items()
        ]


class ReportForm(forms.Form):
    """The team's report: a summary and each KPI's actual figure."""

    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.kpis = list(report.kpis.all())
        self.fields["summary"].initial = report.summary
        for kpi in self.kpis:
            self.fields[f"kpi-{kpi.metric}"] = forms.DecimalField(
                label=f"{kpi.get_metric_display()} ({kpi.unit}, {_('target')} {kpi.target})",
                min_value=0, max_value=999_999_999_999, decimal_places=2, initial=kpi.actual,
            )  # fmt: skip

    def figures(self):
        return {k.metric: {"actual": self.cleaned_data[f"kpi-{k.metric}"]} for k in self.kpis}


class JudgeReportForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment to the team"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class SettlementForm(forms.Form):
    def __init__(self, *args, phase, **kwargs):
        super().__init__(*args, **kwargs)
        current = {line.category: line for line in phase.settlement.all()}
        self.rows = []
        for category in BudgetCategory.values:
            line = current.get(category)
            disbursed = won_field(_("Disbursed"), required=False,
                                  initial=line.disbursed if line else None)  # fmt: skip
            spent = won_field(_("Spent"), required=False, initial=line.spent if line else None)
            self.fields[f"disbursed-{category}"], self.fields[f"spent-{category}"] = (
                disbursed,
                spent,
            )
            self.rows.append(
                (BudgetCategory(category).label, self[f"disbursed-{category}"],
                 self[f"spent-{category}"], line)
            )  # fmt: skip

    def lines(self):
        out = {}
        for category in BudgetCategory.values:
            disbursed = self.cleaned_data.get(f"disbursed-{category}")
            spent = self.cleaned_data.get(f"spent-{category}")
            if disbursed or spent:
                out[category] = (disbursed or 0, spent or 0)
        return out


class RecoveryForm(forms.Form):
    amount = won_field(_("Amount recovered (won)"))
    recovered_on = forms.DateField(label=_("Recovered on"), widget=DATE)
    recovery_reference = forms.CharField(label=_("Recovery reference"), max_length=50)


class TrancheFilterForm(forms.Form):
    status = forms.ChoiceField(
        widget=PlainSelect,
        label=_("Status"),
        required=False,
        choices=[("", "—"), *TrancheStatus.choices],
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)


class ReportFilterForm(forms.Form):
    status = forms.ChoiceField(
        widget=PlainSelect,
        label=_("Status"),
        required=False,
        choices=[("", "—"), *ReportStatus.choices],
    )


class AwardFilterForm(forms.Form):
    status = forms.ChoiceField(
        widget=PlainSelect,
        label=_("Status"),
        required=False,
        choices=[("", "—"), *AwardStatus.choices],
    )
