"""What a submission snapshot says, in the reader's words: the receipt page and its PDF.

Everything comes from the immutable snapshot (services.build_snapshot), never from the live
application, so the receipt of version 2 still shows version 2 after a reopen.
"""

import datetime

from django.utils.translation import gettext as _

from accounts.enums import OrganisationType
from accounts.models import Organisation
from applications.enums import BudgetCategory, FundingSource, GpuType, OrganisationRole
from applications.models import Application
from programmes.enums import DocumentKind
from programmes.money import korean_date


def _label(choices, value):
    return dict(choices).get(value, value)


def documents(snapshot):
    """(kind label, file name, size in bytes, SHA-256) per attached document."""
    return [
        (_label(DocumentKind.choices, a["kind"]), a["original_name"], a["size"], a["sha256"])
        for a in snapshot.get("attachments", [])
    ]


def _field_rows(fields):
    rows = []
    for name, value in fields.items():
        if value in (None, ""):
            continue
        label = Application._meta.get_field(name).verbose_name
        if name == "host_organisation":
            found = Organisation.objects.filter(pk=value).first()
            value = found.name if found else value
        elif name == "starts_on":
            value = korean_date(datetime.date.fromisoformat(value))
        rows.append((str(label)[:1].upper() + str(label)[1:], value))
    return rows


def _budget(snapshot, names):
    lines = [
        {
            "year": line["fiscal_year"],
            "organisation": names.get(line["participant__organisation_id"], ""),
            "category": _label(BudgetCategory.choices, line["category"]),
            "source": _label(FundingSource.choices, line["source"]),
            "amount": line["amount"],
        }
        for line in snapshot.get("budget_lines", [])
    ]
    totals = {}
    for line in snapshot.get("budget_lines", []):
        row = totals.setdefault(line["fiscal_year"], dict.fromkeys(FundingSource.values, 0))
        row[line["source"]] += line["amount"]
    summary = [
        (year, *[totals[year][s] for s in FundingSource.values], sum(totals[year].values()))
        for year in sorted(totals)
    ]
    if summary:
        summary.append(
            (_("Total"), *[sum(column) for column in list(zip(*summary, strict=True))[1:]])
        )
    return lines, summary


def receipt(submission):
    """The snapshot of `submission` as labelled rows for the receipt templates."""
    snapshot = submission.snapshot
    names = {p["organisation_id"]: p["organisation__name_ko"] for p in snapshot["participants"]}
    lines, summary = _budget(snapshot, names)
    return {
        "fields": _field_rows(snapshot.get("fields", {})),
        "participants": [
            (
                p["organisation__name_ko"],
                _label(OrganisationType.choices, p["organisation__type"]),
                _label(OrganisationRole.choices, p["role"]),
            )
            for p in snapshot["participants"]
        ],
        "budget_lines": lines,
        "budget_summary": summary,
        "gpu_requests": [
            (_label(GpuType.choices, g["gpu_type"]), g["count"], g["gpu_hours_per_quarter"])
            for g in snapshot.get("gpu_requests", [])
        ],
        "data_requests": snapshot.get("data_requests", []),
        "staff_requests": snapshot.get("staff_requests", []),
        "student_quotas": snapshot.get("student_quotas", []),
        "documents": documents(snapshot),
    }
