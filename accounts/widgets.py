"""Form widgets shared by the apps that choose an organisation."""

from django import forms
from django.utils.translation import gettext_lazy as _


class OrganisationSelect(forms.Select):
    """A plain select that static/js/select-filter.js gives a search box (150+ options).

    Without JavaScript it stays an ordinary, keyboard-usable select.
    """

    def __init__(self, attrs=None, choices=()):
        attrs = {
            "data-searchable": "true",
            "data-search-label": _("Search the organisations by name"),
            "data-search-placeholder": _("Type part of the name"),
            "data-no-match": _("No organisation matches."),
            **(attrs or {}),
        }
        super().__init__(attrs=attrs, choices=choices)
