"""Synced or translated, decided per field (issue 20): what is the same in every language — a
phone number, the kana reading of a Japanese name, a position, dates, times, numbers, links to
pages and images — is synchronised from the Japanese original by wagtail-localize; titles,
texts and addresses as written are translated."""

import re

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from wagtail.models import Page, TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField, get_translatable_fields

# Text fields that hold what is the same in every language.
SAME_IN_EVERY_LANGUAGE = re.compile(r"(^|_)(phone|phone_numbers|kana|internal_note)$")
SAME = (
    models.DateField,  # and DateTimeField
    models.TimeField,
    models.IntegerField,  # and the positive and small ones
    models.DecimalField,
    models.FloatField,
    models.BooleanField,
    models.URLField,
    models.EmailField,
)


def translatable_models():
    return [
        model
        for model in apps.get_models()
        if issubclass(model, TranslatableMixin)
        and model._meta.app_label
        in {
            "core",
            "home",
            "news",
            "directory",
            "navigator",
            "people",
            "events",
            "fooddrives",
            "courses",
            "volunteers",
            "sponsors",
        }
    ]


def kinds(model):
    return {
        field.field_name: isinstance(field, TranslatableField)
        for field in get_translatable_fields(model)
    }


def test_phone_numbers_and_readings_are_synchronised_everywhere():
    translated = []
    for model in translatable_models():
        for name, is_translated in kinds(model).items():
            if is_translated and SAME_IN_EVERY_LANGUAGE.search(name):
                translated.append(f"{model._meta.label}.{name}")
    assert translated == []


def test_dates_numbers_positions_and_choices_are_synchronised():
    translated = []
    for model in translatable_models():
        for name, is_translated in kinds(model).items():
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            same = isinstance(field, SAME) or getattr(field, "choices", None)
            if is_translated and same:
                translated.append(f"{model._meta.label}.{name}")
    assert translated == []


def test_texts_residents_read_are_translated():
    from cms.directory.ibasho.models import IbashoPage
    from cms.directory.windows.models import ConsultationWindow
    from events.models import EventPage

    assert all(kinds(EventPage)[n] for n in ["summary", "venue_name", "venue_address", "body"])
    assert all(kinds(IbashoPage)[n] for n in ["summary", "address", "description"])
    assert all(kinds(ConsultationWindow)[n] for n in ["name", "summary", "hours"])
    # the rows of opening hours are times, the same in every language
    assert not kinds(ConsultationWindow)["opening_hours"]
    assert not kinds(EventPage)["sessions"] and kinds(EventPage)["quotas"]
    assert kinds(EventPage)["session_tracks"]
    assert not kinds(IbashoPage)["latitude"]


def test_places_wanted_food_and_drop_off_points_are_translated_with_their_page():
    from events.fooddrives.models import DropOffPoint, FoodDrivePage, WantedItem
    from events.models import Quota, SessionTrack

    quota = kinds(Quota)
    assert quota["label"] and not quota["mode"] and not quota["capacity"]
    # a session's tracks: the label in the page's words, the session and the seats synced
    track = kinds(SessionTrack)
    assert track["label"] and not track["session"] and not track["capacity"]

    assert kinds(FoodDrivePage)["items"] and kinds(FoodDrivePage)["points"]
    assert kinds(FoodDrivePage)["image_alt"] and not kinds(FoodDrivePage)["image_decorative"]
    item, point = kinds(WantedItem), kinds(DropOffPoint)
    assert all(item[n] for n in ["name", "unit", "note"]) and not item["target"]
    assert all(point[n] for n in ["name", "address", "hours"])
    synced = ["open_weekdays", "closed_dates", "opens_at", "closes_at", "latitude", "longitude"]
    assert not any(point[n] for n in synced)


def test_the_topics_slug_is_the_same_in_every_language():
    from cms.core.models import Topic

    assert isinstance(
        {f.field_name: f for f in get_translatable_fields(Topic)}["slug"], SynchronizedField
    )


def test_every_page_type_is_translatable():
    assert all(
        issubclass(model, TranslatableMixin)
        for model in apps.get_models()
        if issubclass(model, Page)
    )
