"""One award's allocations (GPU ledger, data, staff), the agreement download and usage upload."""

import csv
import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from allocations import capacity, data_and_staff, permissions, queries, services
from allocations.enums import (
    ALLOTTED_KINDS,
    AWARDED_KINDS,
    DATA_GRANT_TRANSITIONS,
    DataGrantStatus,
    EntryKind,
    UsageSource,
)
from allocations.forms import DataGrantForm, LedgerForm, StaffForm, UsageUploadForm
from allocations.ingest import ingest_usage
from allocations.models import GpuPool, UsageTotal
from programmes.quarters import quarters_covering


def _award_quarters(award):
    months = (
        (award.ends_on.year - award.starts_on.year) * 12
        + (award.ends_on.month - award.starts_on.month)
        + 1
    )
    return quarters_covering(award.starts_on, months)


def _gpu_table(award):
    """Per pool × quarter × type: planned, awarded, released, used GPU-seconds. Four queries."""
    rows = {}

    def row(pool_code, year, quarter, gpu_type):
        key = (year, quarter, gpu_type, pool_code)
        return rows.setdefault(
            key,
            {"quarter": capacity.Quarter(year, quarter), "gpu_type": gpu_type, "pool": pool_code,
             "planned": 0, "awarded": 0, "allotted": 0, "released": 0, "used": 0},
        )  # fmt: skip

    entries = list(award.gpu_entries.select_related("pool", "created_by").order_by("id"))
    for entry in entries:
        r = row(entry.pool.code, entry.year, entry.quarter, entry.gpu_type)
        if entry.kind in AWARDED_KINDS:
            r["awarded"] += entry.gpu_seconds
        if entry.kind in ALLOTTED_KINDS:
            r["allotted"] += entry.gpu_seconds
        if entry.kind == EntryKind.RELEASE:
            r["released"] += entry.gpu_seconds
    used = (
        UsageTotal.objects.filter(award=award)
        .values("pool__code", "year", "quarter", "gpu_type")
        .annotate(total=Sum("gpu_seconds"))
        .order_by()
    )
    for u in used:
        row(u["pool__code"], u["year"], u["quarter"], u["gpu_type"])["used"] = u["total"]
    plans = list(award.gpu_plan.all())
    for plan in plans:
        key_pool = next(
            (k[3] for k in rows if k[:3] == (plan.year, plan.quarter, plan.gpu_type)), ""
        )
        row(key_pool, plan.year, plan.quarter, plan.gpu_type)["planned"] = plan.gpu_seconds
    return [rows[k] for k in sorted(rows)], entries


def _render_award(request, award, form=None, status=200, data_form=None, staff_form=None):
    table, entries = _gpu_table(award)
    can_manage = permissions.can_manage_allocations(request.user)
    grants = list(award.data_grants.order_by("access_from", "id"))
    for grant in grants:
        following = DATA_GRANT_TRANSITIONS[DataGrantStatus(grant.status)] if can_manage else ()
        grant.next_statuses = [(s.value, s.label) for s in sorted(following)]
    context = {
        "award": award,
        "table": table,
        "entries": entries,
        "data_grants": grants,
        "staff": award.staff.select_related("pathfinder_recruit").order_by("starts_on", "id"),
        "can_manage": can_manage,
    }
    if can_manage:
        context["form"] = form or LedgerForm(quarters=_award_quarters(award))
        context["data_form"] = data_form or DataGrantForm()
        context["staff_form"] = staff_form or StaffForm()
    return render(request, "allocations/award.html", context, status=status)


@login_required
def award_allocations(request, pk):
    award = queries.get_award_for_user(request.user, pk)
    return _render_award(request, award)


@login_required
@require_POST
def award_ledger(request, pk):
    award = queries.get_award_for_user(request.user, pk, write=True)
    form = LedgerForm(request.POST, quarters=_award_quarters(award))
    pool = GpuPool.objects.order_by("id").first()
    if pool is None:
        raise Http404
    if form.is_valid():
        data = form.cleaned_data
        quarter = capacity.parse_quarter(data["quarter"])
        seconds = data["gpu_hours"] * capacity.SECONDS_PER_HOUR if data["gpu_hours"] else None
        common = {
            "award": award,
            "pool": pool,
            "quarter": quarter,
            "gpu_type": data["gpu_type"],
            "by": request.user,
            "note": data["note"],
        }
        try:
            if data["operation"] in ("grant", "supplement"):
                services.grant_gpu_time(
                    gpu_count=None if seconds else data["gpu_count"], gpu_seconds=seconds,
                    supplement=data["operation"] == "supplement", **common,
                )  # fmt: skip
            elif data["operation"] == "reclaim":
                services.reclaim_gpu_time(gpu_seconds=seconds, **common)
            else:
                services.release_gpu_time(gpu_seconds=seconds, **common)
        except services.AllocationRefused as refusal:
            _add_errors(form, refusal)
        else:
            messages.success(request, _("The ledger entry was recorded."))
            return redirect("allocations:award", award.pk)
    return _render_award(request, award, form=form, status=400)


def _add_errors(form, refusal):
    for field, problems in refusal.errors.items():
        for problem in problems:
            form.add_error(field if field in form.fields else None, problem)


@login_required
@require_POST
def award_data_grant(request, pk):
    """Record a data grant and, when given, its signed agreement (two services, one request)."""
    award = queries.get_award_for_user(request.user, pk, write=True)
    form = DataGrantForm(request.POST, request.FILES)
    if form.is_valid():
        data = dict(form.cleaned_data)
        agreement = data.pop("agreement")
        try:
            with transaction.atomic():
                grant = data_and_staff.grant_data(award=award, by=request.user, **data)
                if agreement:
                    data_and_staff.attach_agreement(grant, uploaded_file=agreement, by=request.user)
        except services.AllocationRefused as refusal:
            _add_errors(form, refusal)
        else:
            messages.success(request, _("The data grant was recorded."))
            return redirect("allocations:award", award.pk)
    return _render_award(request, award, data_form=form, status=400)


@login_required
@require_POST
def data_grant_status(request, pk):
    grant = queries.get_data_grant_for_user(request.user, pk)
    award = queries.get_award_for_user(request.user, grant.award_id, write=True)
    try:
        data_and_staff.set_data_grant_status(grant, request.POST.get("status", ""), by=request.user)
    except services.AllocationRefused as refusal:
        messages.error(request, " ".join(m for ms in refusal.errors.values() for m in ms))
    return redirect("allocations:award", award.pk)


@login_required
@require_POST
def award_staff(request, pk):
    award = queries.get_award_for_user(request.user, pk, write=True)
    form = StaffForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            data_and_staff.allocate_staff(
                award=award, role=data["role"], fte_hundredths=data["fte"],
                months=data["months"], starts_on=data["starts_on"],
                person_name=data["person_name"], by=request.user,
            )  # fmt: skip
        except services.AllocationRefused as refusal:
            _add_errors(form, refusal)
        else:
            messages.success(request, _("The post was recorded."))
            return redirect("allocations:award", award.pk)
    return _render_award(request, award, staff_form=form, status=400)


@login_required
def agreement_download(request, pk):
    grant = queries.get_data_grant_for_user(request.user, pk)
    if not grant.agreement:
        raise Http404
    response = FileResponse(
        grant.agreement.open("rb"),
        as_attachment=True,
        filename=grant.agreement_name or "agreement.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _csv_rows(upload):
    text = upload.read(settings.MAX_UPLOAD_BYTES + 1)
    if len(text) > settings.MAX_UPLOAD_BYTES:
        raise ValueError(_("The file is too large."))
    try:
        decoded = text.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError(_("The file is not UTF-8 text.")) from None
    reader = csv.DictReader(io.StringIO(decoded))
    if not reader.fieldnames or "external_id" not in reader.fieldnames:
        raise ValueError(_("The first line names the columns, starting with external_id."))
    return [{k: (v or "").strip() for k, v in line.items() if k} for line in reader]


@login_required
def usage_upload(request):
    if not permissions.can_upload_usage(request.user):
        raise PermissionDenied
    own = permissions.operator_of(request.user)
    report = None
    if request.method == "POST":
        form = UsageUploadForm(request.POST, request.FILES, operator=own)
        if form.is_valid():
            try:
                rows = _csv_rows(form.cleaned_data["file"])
            except ValueError as problem:
                form.add_error("file", str(problem))
            else:
                report = ingest_usage(form.cleaned_data["operator"], rows, source=UsageSource.CSV)
                messages.success(
                    request,
                    _("%(accepted)s accepted, %(duplicate)s duplicates, %(rejected)s rejected.")
                    % report.as_dict(),
                )
    else:
        form = UsageUploadForm(operator=own)
    problems = [r for r in report.rows if r["outcome"] != "accepted"] if report else []
    return render(
        request,
        "allocations/usage_upload.html",
        {"form": form, "report": report, "problems": problems[:500]},
        status=400 if request.method == "POST" and not form.is_valid() else 200,
    )
