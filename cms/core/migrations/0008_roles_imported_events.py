"""The secretariat (事務局) reviews and publishes the events imported from calendars it does not
trust (events 0012 made them wait for a review).

The table is 0006's frozen table with this one change, written as the change, so that it stays
what it was whenever this runs: a later change of the roles is a migration of its own."""

import copy
import importlib

from django.db import migrations

from cms.core.roles import apply_roles

PREVIOUS = importlib.import_module("cms.core.migrations.0006_roles")
REVIEW_IMPORTED_EVENTS = [
    "events.view_importedevent",
    "events.change_importedevent",
    "events.publish_importedevent",
]

ROLES = copy.deepcopy(PREVIOUS.ROLES)
_secretariat = ROLES["事務局"]["permissions"]
_after = _secretariat.index("events.view_calendarsource") + 1
_secretariat[_after:_after] = REVIEW_IMPORTED_EVENTS
PERSONAL_DATA = list(PREVIOUS.PERSONAL_DATA)


def apply(apps, schema_editor):
    apply_roles(apps, ROLES, PERSONAL_DATA)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_exportlog_action"),
        ("events", "0012_moderated_imported_events"),
    ]

    # Backwards the groups stay as they are, as in 0006.
    operations = [migrations.RunPython(apply, migrations.RunPython.noop)]
