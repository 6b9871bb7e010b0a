"""What a selection notice prints, gathered from the award in a fixed handful of queries.

Model instances go into the context as they are: their `name` and `title` follow the active
language, so one partial renders the Korean letter and its English translation.
"""

from collections import defaultdict

from django.conf import settings
from django.utils.html import format_html

from applications.enums import FundingSource, OrganisationRole
from awards.enums import InKindKind
from awards.models import Award
from programmes import money
from reviews.enums import PanelPurpose
from reviews.models import Decision


def _items(source):
    """Rows of an optional related collection another app may add (phases, conditions)."""
    if source is None:
        return []
    if hasattr(source, "all"):
        return list(source.all())
    return list(source)


def _funding_years(award):
    years = defaultdict(lambda: dict.fromkeys(FundingSource.values, 0))
    for line in award.funding.all():
        years[line.fiscal_year][line.source] += line.amount
    rows = []
    for year in sorted(years):
        amounts = years[year]
        rows.append(
            {
                "year": year,
                "government": amounts[FundingSource.GOVERNMENT],
                "cash": amounts[FundingSource.CASH],
                "in_kind": amounts[FundingSource.IN_KIND],
                "total": sum(amounts.values()),
            }
        )
    totals = {
        key: sum(row[key] for row in rows) for key in ("government", "cash", "in_kind", "total")
    }
    return rows, totals


def _in_kind(award):
    rows = []
    for support in award.in_kind.all():
        rows.append(
            {
                "support": support,
                "year": support.fiscal_year,
                "is_gpu": support.kind == InKindKind.GPU,
                "gpu_hours": support.gpu_hours,
            }
        )
    return rows


def _evaluation(application):
    """The final selection's decision when there is one, else the latest decision."""
    decisions = Decision.objects.filter(application=application).select_related("panel")
    decision = decisions.filter(panel__purpose=PanelPurpose.SELECT).order_by("-decided_at").first()
    return decision or decisions.order_by("-decided_at").first()


def load_award(award_id):
    return (
        Award.objects.select_related(
            "application__call__programme", "application__team", "application__host_organisation"
        )
        .prefetch_related("funding", "in_kind", "application__team__participants__organisation")
        .get(pk=award_id)
    )


def letter_context(letter):
    """The template context of `letter` (saved, or a draft for previews and timing)."""
    award = load_award(letter.award_id)
    application = award.application
    participants = list(application.team.participants.all())
    lead = next((p for p in participants if p.role == OrganisationRole.LEAD), None)
    lead_organisation = lead.organisation if lead else application.host_organisation
    members = [p for p in participants if p is not lead]
    years, totals = _funding_years(award)
    share = totals["cash"] + totals["in_kind"]
    months = (award.ends_on.year - award.starts_on.year) * 12 + (
        award.ends_on.month - award.starts_on.month
    )
    if award.ends_on.day >= award.starts_on.day - 1:
        months += 1
    verify_path = letter.get_verify_url() if letter.verification_code else ""
    return {
        "letter": letter,
        "unit": letter.unit,
        # The call's own objection period (이의신청) governs; the unit's is the fallback.
        "objection_days": getattr(application.call, "objection_days", None)
        or letter.unit.objection_days,
        "award": award,
        "application": application,
        "call": application.call,
        "programme": application.call.programme,
        "team": application.team,
        "lead": lead_organisation,
        "members": members,
        "months": months,
        "phases": _items(getattr(award, "phases", None)),
        "conditions": _items(getattr(award, "conditions", None)),
        "years": years,
        "totals": totals,
        "government_in_words": money.won_in_words(totals["government"])
        if totals["government"] > 0
        else "",
        "share": share,
        "share_percent": round(share * 100 / totals["total"], 1) if totals["total"] else 0,
        "in_kind": _in_kind(award),
        "decision": _evaluation(application),
        "verify_url": f"{settings.SITE_URL}{verify_path}",
        "verify_address": _printed_address(f"{settings.SITE_URL}{verify_path}")
        if verify_path
        else _unbroken(settings.SITE_URL),  # a draft has no code yet
        "unit_email": _unbroken(letter.unit.email),
    }


def _unbroken(text):
    return format_html('<span class="nobr">{}</span>', text)


def _printed_address(url):
    """The verification address as printed: the line may break after "/verify/" and nowhere
    else. A break inside the code or the host name, at a hyphen above all, reads as part of
    the text (or as a hyphenation to drop), and the address could no longer be typed back."""
    head, _slash, code = url.rstrip("/").rpartition("/")
    return format_html("{}<wbr>{}", _unbroken(f"{head}/"), _unbroken(f"{code}/"))
