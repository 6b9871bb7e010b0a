"""Progress reports with structured KPIs: the team submits, an officer accepts or returns.

Each kind of award reports the KPIs of KPI_TEMPLATES (World Best LLM: the score against the
best global model of the previous six months, model size, open releases; graduate schools:
students and graduates against quota, faculty; Pathfinder: the recruit in post and the World
Best LLM team they join). Accepting the report of phase N releases phase N + 1's tranches.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards import queries
from awards.enums import KPI_TEMPLATES, REPORT_TRANSITIONS, AwardStatus, ReportStatus
from awards.models import Award, Kpi, ProgressReport
from awards.services import AwardRefused, _record

MAX_FIGURE = Decimal("999999999999")


def kpi_template(award):
    """[(metric, unit, default target)] for the award's programme kind."""
    return KPI_TEMPLATES[queries.programme_kind(award)]


@transaction.atomic
def set_report_status(report, new_status, *, by, reason="", update_fields=()):
    new_status, current = ReportStatus(new_status), ReportStatus(report.status)
    if new_status not in REPORT_TRANSITIONS[current]:
        raise AwardRefused(
            {
                "status": [
                    _("A report cannot go from %(current)s to %(new)s.")
                    % {"current": current.label, "new": new_status.label}
                ]
            }
        )
    report.status = new_status
    _record(report, by, reason)
    report.save(update_fields=["status", *update_fields])
    return report


def _figure(value, field, errors, *, required):
    if value in (None, ""):
        if required:
            errors.setdefault(field, []).append(_("Enter a figure."))
        return None
    try:
        figure = Decimal(str(value))
    except InvalidOperation:
        errors.setdefault(field, []).append(_("Enter a number."))
        return None
    if not figure.is_finite() or not 0 <= figure <= MAX_FIGURE:
        errors.setdefault(field, []).append(_("Enter a number between 0 and 999,999,999,999."))
        return None
    return figure.quantize(Decimal("0.01"))


@transaction.atomic
def schedule_report(award, *, period_starts_on, period_ends_on, due_on, by, phase=None):
    """An officer sets a report due for a period, with the KPI rows of the award's kind."""
    errors = {}
    if not period_starts_on or not period_ends_on or period_ends_on <= period_starts_on:
        errors["period_ends_on"] = [_("The period must end after it starts.")]
    elif period_starts_on < award.starts_on or period_ends_on > award.ends_on:
        errors["period_starts_on"] = [_("The period must fall within the agreement.")]
    if due_on is None or (period_ends_on and due_on < period_ends_on):
        errors["due_on"] = [_("A report falls due after its period ends.")]
    if phase is not None and phase.award_id != award.pk:
        errors["phase"] = [_("That phase belongs to another award.")]
    if not errors and award.reports.filter(period_starts_on=period_starts_on).exists():
        errors["period_starts_on"] = [_("A report for this period already exists.")]
    if errors:
        raise AwardRefused(errors)
    report = ProgressReport(
        award=award, phase=phase, period_starts_on=period_starts_on,
        period_ends_on=period_ends_on, due_on=due_on,
    )  # fmt: skip
    _record(report, by, "report scheduled")
    report.save()
    for metric, unit, target in kpi_template(award):
        kpi = Kpi(
            report=report, metric=metric, unit=str(unit), target=Decimal(target),
            period_starts_on=period_starts_on, period_ends_on=period_ends_on,
        )  # fmt: skip
        _record(kpi, by)
        kpi.save()
    return report


@transaction.atomic
def submit_report(report, *, by, summary, figures, now=None):
    """The team's manager submits a report: `figures` maps each KPI metric to
    {"actual": …, "target": … (optional), "joins_award": Award (Pathfinder), "note": …}.
    Every KPI of the report needs its actual figure."""
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if report.status not in (ReportStatus.DRAFT, ReportStatus.RETURNED):
        raise AwardRefused({"status": [_("This report has already been submitted.")]})
    kpis = {k.metric: k for k in report.kpis.all()}
    errors = {}
    unknown = set(figures) - set(kpis)
    if unknown:
        errors["kpis"] = [
            _("Unknown indicators: %(names)s") % {"names": ", ".join(sorted(unknown))}
        ]
    for metric, kpi in kpis.items():
        given = figures.get(metric) or {}
        kpi.actual = _figure(given.get("actual"), metric, errors, required=True)
        target = _figure(given.get("target"), metric, errors, required=False)
        if target is not None:
            kpi.target = target
        joins = given.get("joins_award")
        if joins is not None and queries.programme_kind(joins) != "foundation_model":
            errors.setdefault(metric, []).append(_("A recruit joins a World Best LLM team."))
        kpi.joins_award = joins or kpi.joins_award
        kpi.note = str(given.get("note", kpi.note))[:300]
    if not (summary or "").strip():
        errors["summary"] = [_("Summarise the period's progress.")]
    if errors:
        raise AwardRefused(errors)
    for kpi in kpis.values():
        _record(kpi, by, "reported")
        kpi.save()
    report.summary = summary
    report.submitted_by, report.submitted_at = by, now or timezone.now()
    return set_report_status(
        report, ReportStatus.SUBMITTED, by=by, reason="submitted",
        update_fields=["summary", "submitted_by", "submitted_at"],
    )  # fmt: skip


@transaction.atomic
def accept_report(report, *, by, comment="", now=None):
    """An officer accepts a submitted report; the next phase's tranches may then be released."""
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    award = Award.objects.get(pk=report.award_id)
    if award.status == AwardStatus.TERMINATED:
        raise AwardRefused({"__all__": [_("The award has been terminated.")]})
    report.reviewed_by, report.reviewed_at, report.review_comment = (
        by,
        now or timezone.now(),
        comment,
    )
    return set_report_status(
        report, ReportStatus.ACCEPTED, by=by, reason=comment or "accepted",
        update_fields=["reviewed_by", "reviewed_at", "review_comment"],
    )  # fmt: skip


@transaction.atomic
def return_report(report, *, by, comment, now=None):
    """An officer returns a report for changes, saying what to change."""
    if not (comment or "").strip():
        raise AwardRefused({"review_comment": [_("Say what the team must change.")]})
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    report.reviewed_by, report.reviewed_at, report.review_comment = (
        by,
        now or timezone.now(),
        comment,
    )
    return set_report_status(
        report, ReportStatus.RETURNED, by=by, reason=comment,
        update_fields=["reviewed_by", "reviewed_at", "review_comment"],
    )  # fmt: skip


def reports_due(award_ids=None, *, today=None, within_days=30):
    """Reports not yet submitted or returned, due within `within_days` or overdue."""
    today = today or timezone.localdate()
    queryset = ProgressReport.objects.filter(
        status__in=[ReportStatus.DRAFT, ReportStatus.RETURNED],
        due_on__lte=today + datetime.timedelta(days=within_days),
        award__status=AwardStatus.ACTIVE,
    )
    if award_ids is not None:
        queryset = queryset.filter(award_id__in=award_ids)
    return queryset.select_related("award__application__team").order_by("due_on", "id")
