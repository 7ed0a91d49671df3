"""Roles per platform: every platform has its own group of each role, with its page rights on
the platform's home (and its translations) instead of the root page and its image and document
rights on the platform's collection instead of the root one; a prefecture's platform has a
read-only prefecture staff role (都道府県担当). The default platform keeps the groups it had,
and Wagtail's Editors and Moderators become its groups too; the images and documents of the
root collection move into its collection, so an installation of one platform works as before.

The table is 0008's frozen table with the prefecture's role added, written as the change."""

import copy
import importlib

from django.db import migrations

from cms.core.roles import apply_roles

PREVIOUS = importlib.import_module("cms.core.migrations.0008_roles_imported_events")

ROLES = copy.deepcopy(PREVIOUS.ROLES)
ROLES["都道府県担当"] = {
    "permissions": [
        "wagtailadmin.access_admin",
        "core.view_topic",
        "news.view_newscategory",
        "news.view_newsletterissue",
        "directory.view_membershiptier",
        "directory.view_consultationwindow",
        "navigator.view_worry",
        "people.view_qualification",
        "events.view_calendarsource",
        "events.view_importedevent",
        "courses.view_trainingcourse",
        "volunteers.view_volunteeropportunity",
        "volunteers.view_role",
        "volunteers.view_shift",
        "sponsors.view_sponsor",
        "sponsors.view_sponsorship",
    ],
    "pages": [],
    "collections": [],
    "kinds": ["prefecture"],
}
PERSONAL_DATA = list(PREVIOUS.PERSONAL_DATA)


def apply(apps, schema_editor):
    apply_roles(apps, ROLES, PERSONAL_DATA)
    # What the root collection held was the one platform's: now in its own collection.
    Platform = apps.get_model("core", "Platform")
    default = Platform.objects.filter(site__is_default_site=True, collection__isnull=False)
    default = default.select_related("collection").first()
    if default is None:
        return
    for label in ("wagtailimages.Image", "wagtaildocs.Document"):
        model = apps.get_model(*label.split("."))
        model.objects.filter(collection__depth=1).update(collection=default.collection)
    # And so were the collections under the root (the members' one): now under its own.
    Collection = apps.get_model("wagtailcore", "Collection")
    others = Collection.objects.filter(depth=2, platform__isnull=True).order_by("path")
    for collection in others:
        move_under(Collection, collection, default.collection)


def move_under(Collection, node, parent):
    """Move `node` and everything under it to be the last child of `parent`, as treebeard
    would (a migration's model has no tree methods)."""
    from django.db.models import F
    from wagtail.models import Collection as LiveCollection

    steplen = LiveCollection.steplen
    parent = Collection.objects.get(pk=parent.pk)
    last = (
        Collection.objects.filter(depth=parent.depth + 1, path__startswith=parent.path)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    step = LiveCollection._str2int(last[-steplen:]) + 1 if last else 1
    new_path = parent.path + LiveCollection._int2str(step).rjust(steplen, "0")
    old_path, old_depth = node.path, node.depth
    for row in Collection.objects.filter(path__startswith=old_path).order_by("path"):
        row.path = new_path + row.path[len(old_path) :]
        row.depth = row.depth - old_depth + parent.depth + 1
        row.save(update_fields=["path", "depth"])
    Collection.objects.filter(pk=parent.pk).update(numchild=F("numchild") + 1)
    Collection.objects.filter(depth=1).update(numchild=F("numchild") - 1)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0012_platform_collection_and_identity"),
        ("home", "0004_platform_for_each_site"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    # Backwards the groups stay as they are, as in 0006.
    operations = [migrations.RunPython(apply, migrations.RunPython.noop)]
