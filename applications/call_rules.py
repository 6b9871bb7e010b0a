"""Call rules that forms and services share: one application per team, a plausible start.

Kept apart from services.py so that the draft form (which refuses a bad date the moment it
is typed) and the submission check (which refuses it again, whatever wrote it) use one rule.
"""

import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.enums import ApplicationStatus, OrganisationRole
from applications.models import Application
from programmes.enums import ApplicantKind

# A project may start up to a year before its call opens (continuation funding, a school
# term already begun) and at the latest three years after the call closes; anything outside
# is a typing slip such as the year 0002.
START_EARLIEST_BEFORE_OPENING = datetime.timedelta(days=365)
START_LATEST_AFTER_CLOSING = datetime.timedelta(days=3 * 365)

# Applications that no longer count against "one per team".
_GONE = [ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN]


def _typed_order(day):
    # Zero-padded like the date input (yyyy. mm. dd.), so that a slip such as 0002 shows as typed.
    return f"{day.year:04d}. {day.month:02d}. {day.day:02d}."


def start_window(call):
    """The earliest and latest plausible project start for `call`, as dates in Seoul."""
    earliest = timezone.localdate(call.opens_at) - START_EARLIEST_BEFORE_OPENING
    latest = timezone.localdate(call.closes_at) + START_LATEST_AFTER_CLOSING
    return earliest, latest


def start_date_problem(call, starts_on):
    """A message when `starts_on` lies outside the call's plausible window, else None."""
    if starts_on is None:
        return None
    earliest, latest = start_window(call)
    if earliest <= starts_on <= latest:
        return None
    return _(
        "The planned start %(date)s is outside this call's plausible range, "
        "%(earliest)s to %(latest)s."
    ) % {
        "date": _typed_order(starts_on),
        "earliest": _typed_order(earliest),
        "latest": _typed_order(latest),
    }


def same_team_applications(application):
    """Other live applications to the same call by the same applicant team: the same manager
    (the person who started it) or, outside individual calls, the same lead institution."""
    team = application.team
    same = Q(team__created_by_id=team.created_by_id)
    if application.call.applicant_kind != ApplicantKind.INDIVIDUAL:
        leads = team.participants.filter(role=OrganisationRole.LEAD).values("organisation")
        same |= Q(
            team__participants__role=OrganisationRole.LEAD,
            team__participants__organisation__in=leads,
        )
    return (
        Application.objects.filter(same, call_id=application.call_id)
        .exclude(pk=application.pk)
        .exclude(status__in=_GONE)
        .distinct()
        .order_by("reference")
    )


def second_application_problem(application):
    """A message when the call takes one application per team and this team has one in."""
    if application.call.allows_several_applications:
        return None
    others = list(same_team_applications(application).values_list("reference", flat=True))
    if not others:
        return None
    return _(
        "Your team has already submitted %(references)s to this call, which accepts one "
        "application per team. Withdraw it first, or continue that application instead."
    ) % {"references": ", ".join(others)}
