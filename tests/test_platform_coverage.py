"""Every record belongs to a platform (issue 18): each model of the project's apps is a page
(a platform's by its tree), carries a required `platform`, or follows a relation that leads,
in the end, to one of these. A new model that does none of the three fails here, before a
record of it can be made without a platform or shown on another platform's pages."""

import pytest
from django.apps import apps
from wagtail.models import Page

from cms.core.models import Platform
from tests.project_apps import PROJECT_APPS

# Installation-wide on purpose, each with why.
SHARED = {
    "core.Platform": "the platforms themselves",
    "core.PlatformRole": "a group and the platform it is held for",
    "core.PlatformSettings": "one per site, so per platform",
    "core.Topic": "the shared taxonomy of support fields and target groups",
    "site_search.Synonym": "words that mean the same in every platform",
    "courses.TrainerCalendarToken": "an account's own link to the courses it teaches, on any "
    "of its platforms",
}


def project_models():
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS and not model._meta.proxy
    ]


def platform_path(model, seen=()):
    """How `model` reaches its platform: "page", "platform", or a chain "field.field…"; None
    when it does not."""
    if issubclass(model, Page):
        return "page"
    field = next((f for f in model._meta.fields if f.name == "platform"), None)
    if field is not None and field.related_model is Platform:
        return "platform" if not field.null else None
    for field in model._meta.fields:
        if not (field.many_to_one or field.one_to_one) or field.null:
            continue
        if field.related_model in seen:
            continue
        target = field.related_model
        if target is None or target._meta.app_label not in PROJECT_APPS | {"wagtailcore"}:
            continue
        rest = platform_path(target, (*seen, model))
        if rest is not None:
            return field.name if rest in ("page", "platform") else f"{field.name}.{rest}"
    return None


@pytest.mark.parametrize("model", project_models(), ids=lambda m: m._meta.label)
def test_every_record_belongs_to_a_platform(model):
    if model._meta.label in SHARED:
        return
    assert platform_path(model) is not None, (
        f"{model._meta.label} has no required platform and no required relation that leads "
        "to a page or to a record with one: add platform = platform_field()"
    )
