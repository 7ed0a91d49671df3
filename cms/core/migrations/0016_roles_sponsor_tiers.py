"""The secretariat (事務局) edits its platform's sponsor tiers (sponsors 0003 made them), and a
prefecture's staff (都道府県担当) reads them, as they do sponsors and sponsorships.

The table is 0013's frozen table with this one change, written as the change."""

import copy
import importlib

from django.db import migrations

from cms.core.roles import apply_roles

PREVIOUS = importlib.import_module("cms.core.migrations.0013_roles_per_platform")
TIERS = [f"sponsors.{action}_sponsortier" for action in ("add", "change", "delete", "view")]

ROLES = copy.deepcopy(PREVIOUS.ROLES)
_secretariat = ROLES["事務局"]["permissions"]
_after = _secretariat.index("sponsors.view_sponsorship") + 1
_secretariat[_after:_after] = TIERS
_prefecture = ROLES["都道府県担当"]["permissions"]
_after = _prefecture.index("sponsors.view_sponsorship") + 1
_prefecture[_after:_after] = ["sponsors.view_sponsortier"]
PERSONAL_DATA = list(PREVIOUS.PERSONAL_DATA)


def apply(apps, schema_editor):
    apply_roles(apps, ROLES, PERSONAL_DATA)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0015_export_log_column_names"),
        ("sponsors", "0003_tiers_periods_and_targets"),
    ]

    # Backwards the groups stay as they are, as in 0006.
    operations = [migrations.RunPython(apply, migrations.RunPython.noop)]
