from django.apps import apps


def test_the_apps_of_the_design_are_installed():
    installed = {config.name for config in apps.get_app_configs()}
    assert {"cms.core", "cms.home", "events", "volunteers", "sponsors"} <= installed
    assert {"wagtail_localize", "wagtail_localize.locales", "django_q"} <= installed


def test_every_model_change_has_a_migration(db):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()
