"""Operations that the apps' migrations share. Kept small and stable: a migration that imports
from here must behave the same for as long as the migration exists."""

from django.db import migrations


def to_default_platform(*labels):
    """A RunPython that puts every row of the models `labels` ("app_label.Model") that has no
    platform yet into the platform of the default site: an installation of one platform
    migrates in place. Runs between adding the `platform` field as nullable and making it
    required; the migration must depend on ("home", "0004_platform_for_each_site")."""

    def forwards(apps, schema_editor):
        Platform = apps.get_model("core", "Platform")
        platform = (
            Platform.objects.filter(site__is_default_site=True).first()
            or Platform.objects.order_by("pk").first()
        )
        for label in labels:
            model = apps.get_model(*label.split("."))
            rows = model.objects.filter(platform__isnull=True)
            if platform is None:
                if rows.exists():
                    raise RuntimeError(f"{label} has rows but there is no site to own them")
                continue
            rows.update(platform=platform)

    return migrations.RunPython(forwards, migrations.RunPython.noop)
