import pytest
from django import forms
from django.test.html import parse_html

from programmes.widgets import PlainSelect

CHOICES = [
    ("", "All"),
    ("a", 'Tom & "Jerry" <b>'),
    ("b", "두 번째"),
    ("Group <1>", [("c", "third"), ("d", "fourth")]),
    (5, "an integer value"),
]


def pair(**options):
    class Django(forms.Form):
        pick = forms.ChoiceField(choices=CHOICES, **options)

    class Ours(forms.Form):
        pick = forms.ChoiceField(choices=CHOICES, widget=PlainSelect, **options)

    return Django, Ours


@pytest.mark.parametrize("value", [None, "", "a", "c", "5", "<not a choice>"])
@pytest.mark.parametrize("required", [True, False])
def test_the_markup_is_djangos(value, required):
    django_form, our_form = pair(required=required, help_text="help")
    data = None if value is None else {"pick": value}
    theirs, ours = str(django_form(data)["pick"]), str(our_form(data)["pick"])
    assert parse_html(ours) == parse_html(theirs)
    assert "<b>" not in ours and "&lt;b&gt;" in ours  # labels are escaped
    # an unbound form selects the empty choice, as Django does
    assert ours.count(" selected") == (0 if value == "<not a choice>" else 1)


def test_attributes_and_ids_are_kept():
    _django, ours = pair()
    html = str(ours(auto_id="f_%s")["pick"])
    assert 'id="f_pick"' in html and 'name="pick"' in html and "required" in html
