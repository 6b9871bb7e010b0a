import pytest
from django.apps import apps
from django.db import models
from django.utils import translation

from programmes.choices import ChoiceLabels

OURS = {"accounts", "programmes", "applications", "reviews", "awards", "letters", "allocations"}


def with_choices():
    for model in apps.get_models():
        if model._meta.app_label not in OURS or model.__name__.startswith("Historical"):
            continue
        for field in model._meta.concrete_fields:
            if field.choices:
                yield model, field


def test_every_model_with_choices_uses_the_fast_labels():
    missing = sorted({m.__name__ for m, _f in with_choices() if not issubclass(m, ChoiceLabels)})
    assert missing == []


@pytest.mark.parametrize("language", ["ko", "en"])
def test_labels_agree_with_djangos_for_every_choice_and_an_unknown_value(language):
    checked = 0
    with translation.override(language):
        for model, field in with_choices():
            for value in [v for v, _label in field.flatchoices] + ["not-a-choice"]:
                instance = model(**{field.attname: value})
                ours = getattr(instance, f"get_{field.name}_display")()
                assert ours == models.Model._get_FIELD_display(instance, field), (model, value)
                checked += 1
    assert checked > 100


def test_the_label_follows_the_readers_language():
    from applications.models import Application

    application = Application(status="submitted")
    with translation.override("ko"):
        korean = application.get_status_display()
    with translation.override("en"):
        english = application.get_status_display()
    assert korean != english and english == "Submitted"
