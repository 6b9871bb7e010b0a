"""The sanctions register consulted at every decision, not only at submission: a ban that
starts after an application went in still stops its selection or its continuation."""

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation
from applications.models import Application, Participant


def banned_organisations(application_ids, *, day=None):
    """{application id: [organisations banned on `day`]} among the applications' consortium
    members and hosts, in two queries whatever the number of applications."""
    day = day or timezone.localdate()
    application_ids = list(application_ids)
    banned = Organisation.objects.filter(
        sanctions__starts_on__lte=day, sanctions__ends_on__gte=day
    ).values("pk")
    found = {}
    for application_id, organisation in [
        (p.team.application.pk, p.organisation)
        for p in Participant.objects.filter(
            team__application__in=application_ids, organisation__in=banned
        ).select_related("organisation", "team__application")
    ] + [
        (a.pk, a.host_organisation)
        for a in Application.objects.filter(
            pk__in=application_ids, host_organisation__in=banned
        ).select_related("host_organisation")
    ]:
        names = found.setdefault(application_id, [])
        if organisation not in names:
            names.append(organisation)
    return found


def sanction_refusals(application_ids, *, references, day=None):
    """One message per banned organisation among the applications, naming both."""
    return [
        _(
            "%(organisation)s, taking part in %(application)s, is banned from national R&D "
            "(sanctions register) and cannot be selected or continue."
        )
        % {"organisation": organisation.name, "application": references.get(pk, pk)}
        for pk, organisations in banned_organisations(application_ids, day=day).items()
        for organisation in organisations
    ]
