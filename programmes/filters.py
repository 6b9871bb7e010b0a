"""Query-string filters that refuse what the database cannot hold, as a 400 naming the field."""

import datetime

import django_filters
from django import forms
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

EARLIEST = datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)
LATEST = datetime.datetime(2200, 1, 1, tzinfo=datetime.UTC)
# Real time zones lie between UTC−12 and UTC+14; PostgreSQL refuses larger offsets outright.
MAX_OFFSET = datetime.timedelta(hours=14)


class BoundedIsoDateTimeField(forms.DateTimeField):
    """An ISO 8601 moment with a real offset, between 1900 and 2200."""

    default_error_messages = {
        "invalid": _("Enter an ISO 8601 date and time, e.g. 2025-07-21T18:00:00+09:00."),
        "bounds": _(
            "Enter a date and time between 1900 and 2200 with a UTC offset of at most 14 hours."
        ),
    }

    def to_python(self, value):
        offset_ok = True
        if isinstance(value, str):
            try:
                parsed = parse_datetime(value.strip())
            except ValueError:
                parsed = None
            if parsed is not None and parsed.utcoffset() is not None:
                offset_ok = abs(parsed.utcoffset()) <= MAX_OFFSET
        if not offset_ok:
            raise forms.ValidationError(self.error_messages["bounds"], code="bounds")
        try:
            moment = super().to_python(value)
        except OverflowError:
            raise forms.ValidationError(self.error_messages["bounds"], code="bounds") from None
        if moment is not None:
            try:
                in_bounds = EARLIEST <= moment.astimezone(datetime.UTC) < LATEST
            except OverflowError:
                in_bounds = False
            if not in_bounds:
                raise forms.ValidationError(self.error_messages["bounds"], code="bounds")
        return moment


class BoundedIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = BoundedIsoDateTimeField
