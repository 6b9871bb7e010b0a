"""The staff home page's work queue: what waits for the signed-in user, from every app.

Apps above programmes register a provider in their AppConfig.ready(); programmes never imports
them. A provider takes the user and returns WorkItems (an empty list when nothing waits or the
role does not apply). Each provider must run a constant number of queries.
"""

from dataclasses import dataclass

_providers = []


@dataclass(frozen=True)
class WorkItem:
    label: str  # translated, e.g. "Tranches waiting for your approval"
    count: int
    url: str
    urgent: bool = False  # overdue or past a deadline


def register(provider):
    """Add a provider (idempotent, so a reloaded AppConfig does not list items twice)."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def work_for(user):
    """Every registered provider's items for this user, in registration order."""
    if not user.is_authenticated:
        return []
    items = []
    for provider in _providers:
        items.extend(provider(user))
    return items
