"""Writes of data grants and staff allocations. Keyword-only, atomic; history records each."""

import datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from allocations.enums import DATA_GRANT_TRANSITIONS, DataGrantStatus, StaffRole
from allocations.models import DataGrant, StaffAllocation
from allocations.services import AllocationRefused
from applications.services import _check_pdf

MAX_VALUE = 10**12


def _record(obj, by, reason=""):
    obj._history_user = by
    obj._change_reason = reason


def _check_grant_fields(*, name_ko, supplier, licence_terms, volume, value, access_from,
                        access_until):  # fmt: skip
    errors = {}
    for field_name, text, limit in [
        ("name_ko", name_ko, 200), ("supplier", supplier, 200), ("volume", volume, 100),
    ]:  # fmt: skip
        if not str(text or "").strip():
            errors[field_name] = [_("This field is required.")]
        elif len(text) > limit:
            errors[field_name] = [_("At most %(n)s characters.") % {"n": limit}]
    if not str(licence_terms or "").strip():
        errors["licence_terms"] = [_("This field is required.")]
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_VALUE:
        errors["value"] = [_("Give the value in whole won, from 0 to 1조 원.")]
    if not isinstance(access_from, datetime.date):
        errors["access_from"] = [_("Give a date.")]
    if not isinstance(access_until, datetime.date):
        errors["access_until"] = [_("Give a date.")]
    elif isinstance(access_from, datetime.date) and access_until <= access_from:
        errors["access_until"] = [_("Access ends after it starts.")]
    if errors:
        raise AllocationRefused(errors)


@transaction.atomic
def grant_data(
    *, award, name_ko, supplier, licence_terms, volume, access_from, access_until, by,
    name_en="", value=0,
):  # fmt: skip
    """Record a dataset granted to a team (status: requested). Side effects: history."""
    _check_grant_fields(
        name_ko=name_ko, supplier=supplier, licence_terms=licence_terms, volume=volume,
        value=value, access_from=access_from, access_until=access_until,
    )  # fmt: skip
    grant = DataGrant(
        award=award, name_ko=name_ko.strip(), name_en=name_en.strip(), supplier=supplier.strip(),
        licence_terms=licence_terms.strip(), volume=volume.strip(), value=value,
        access_from=access_from, access_until=access_until,
    )  # fmt: skip
    _record(grant, by)
    grant.save()
    return grant


@transaction.atomic
def attach_agreement(grant, *, uploaded_file, by):
    """Store the signed three-party agreement (a PDF) privately. Side effects: history."""
    if uploaded_file.size > settings.MAX_UPLOAD_BYTES:
        raise AllocationRefused({"agreement": [_("The file is too large.")]})
    content = uploaded_file.read(settings.MAX_UPLOAD_BYTES + 1)
    problem = _check_pdf(content)
    if problem:
        raise AllocationRefused({"agreement": [problem]})
    grant = DataGrant.objects.select_for_update().get(pk=grant.pk)
    grant.agreement.save("agreement.pdf", ContentFile(content), save=False)
    grant.agreement_name = (uploaded_file.name or "agreement.pdf")[-255:]
    _record(grant, by, "agreement attached")
    grant.save(update_fields=["agreement", "agreement_name"])
    return grant


@transaction.atomic
def set_data_grant_status(grant, new_status, *, by, reason=""):
    """Move a data grant along DATA_GRANT_TRANSITIONS. Agreeing needs the signed agreement.
    Side effects: saves the status and records who, when, before and after."""
    grant = DataGrant.objects.select_for_update().get(pk=grant.pk)
    try:
        new_status = DataGrantStatus(new_status)
    except ValueError:
        raise AllocationRefused({"status": [_("Unknown status.")]}) from None
    current = DataGrantStatus(grant.status)
    if new_status not in DATA_GRANT_TRANSITIONS[current]:
        raise AllocationRefused(
            {
                "status": [
                    _("A data grant cannot go from %(current)s to %(new)s.")
                    % {"current": current.label, "new": new_status.label}
                ]
            }
        )
    if new_status == DataGrantStatus.AGREED and not grant.agreement:
        raise AllocationRefused({"agreement": [_("Attach the signed three-party agreement.")]})
    grant.status = new_status
    _record(grant, by, reason)
    grant.save(update_fields=["status"])
    return grant


@transaction.atomic
def allocate_staff(
    *, award, role, fte_hundredths, months, starts_on, by, person_name="", person=None,
    pathfinder_recruit=None,
):  # fmt: skip
    """Fund a post for a team (FTE in hundredths: 50 is half time). Side effects: history."""
    errors = {}
    if role not in StaffRole.values:
        errors["role"] = [_("Choose a role.")]
    if (
        isinstance(fte_hundredths, bool)
        or not isinstance(fte_hundredths, int)
        or not (1 <= fte_hundredths <= 100)
    ):
        errors["fte_hundredths"] = [_("FTE is between 0.01 and 1.")]
    if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= 72:
        errors["months"] = [_("Months are between 1 and 72.")]
    if not isinstance(starts_on, datetime.date):
        errors["starts_on"] = [_("Give a date.")]
    if len(person_name or "") > 150:
        errors["person_name"] = [_("At most %(n)s characters.") % {"n": 150}]
    if errors:
        raise AllocationRefused(errors)
    staff = StaffAllocation(
        award=award, role=role, fte_hundredths=fte_hundredths, months=months,
        starts_on=starts_on, person_name=(person_name or "").strip(), person=person,
        pathfinder_recruit=pathfinder_recruit,
    )  # fmt: skip
    _record(staff, by)
    staff.save()
    return staff


@transaction.atomic
def record_staff_actuals(staff, *, actual_fte_hundredths, actual_months, by):
    """Record the FTE and months actually worked. Side effects: history."""
    if not 0 <= actual_fte_hundredths <= 100 or not 0 <= actual_months <= 72:
        raise AllocationRefused({"actual_fte_hundredths": [_("FTE is between 0 and 1.")]})
    staff.actual_fte_hundredths = actual_fte_hundredths
    staff.actual_months = actual_months
    _record(staff, by)
    staff.save(update_fields=["actual_fte_hundredths", "actual_months"])
    return staff
