"""Links on an award's page to what the apps above awards keep about it (its letters).

Apps above awards register a provider in their AppConfig.ready(); awards never imports them.
A provider takes the user and the award and returns AwardLinks (an empty list when the user may
not follow them). Each provider must run a constant number of queries.
"""

from dataclasses import dataclass

_providers = []


@dataclass(frozen=True)
class AwardLink:
    label: str  # translated, e.g. "Award letters"
    url: str


def register(provider):
    """Add a provider (idempotent, so a reloaded AppConfig does not list links twice)."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def links_for(user, award):
    """Every registered provider's links for this user and award, in registration order."""
    links = []
    for provider in _providers:
        links.extend(provider(user, award))
    return links
