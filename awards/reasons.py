"""History rows store short reason codes for the changes the services make themselves; pages
show them in the reader's language. Reasons typed by people are shown as typed."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "scheduled": _("Scheduled"),
    "report scheduled": _("Report set due"),
    "requested": _("Release requested"),
    "approved": _("Approved for release"),
    "agreement accepted": _("Agreement accepted"),
    "award created": _("Award created"),
    "requested budget": _("Requested budget"),
    "cash share received": _("Cash share received"),
    "reported": _("Reported"),
    "submitted": _("Submitted for acceptance"),
    "accepted": _("Accepted"),
}


def reason_label(reason):
    if not reason:
        return ""
    if reason.startswith("paid "):
        return f"{LABELS.get('paid', _('Paid'))} {reason[5:]}"
    return str(LABELS.get(reason, reason))
