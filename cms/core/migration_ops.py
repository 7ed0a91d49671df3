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


def inline_translation_fields(*models):
    """Step 1 of making a page's inline rows translatable (cms/core/inline_translation.py):
    the locale and translation key, nullable while `to_page_locales` fills them in."""
    import django.db.models.deletion
    from django.db import models as fields

    return [
        operation
        for model in models
        for operation in (
            migrations.AddField(
                model_name=model,
                name="locale",
                field=fields.ForeignKey(
                    editable=False,
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to="wagtailcore.locale",
                    verbose_name="locale",
                ),
            ),
            migrations.AddField(
                model_name=model,
                name="translation_key",
                field=fields.UUIDField(editable=False, null=True),
            ),
        )
    ]


def to_page_locales(*labels):
    """Step 2 (its own migration: PostgreSQL cannot alter a table in the transaction that
    updated its rows): every row of `labels` ("app_label.Model", with a `page` and a
    `sort_order`) takes its page's locale and a translation key of its own; the rows a
    translation copied from its original (the same number of rows, in the same order) take the
    original's keys, so that wagtail-localize sees one row in two languages."""
    import uuid
    from collections import defaultdict

    def forwards(apps, schema_editor):
        Page = apps.get_model("wagtailcore", "Page")
        Locale = apps.get_model("wagtailcore", "Locale")
        default = Locale.objects.filter(language_code="ja").first()
        default_pk = default.pk if default else None
        for label in labels:
            Row = apps.get_model(*label.split("."))
            rows = defaultdict(list)
            for row in Row.objects.order_by("sort_order", "pk"):
                rows[row.page_id].append(row)
            groups = defaultdict(list)
            pages = Page.objects.filter(pk__in=list(rows))
            for pk, locale_id, key in pages.values_list("pk", "locale_id", "translation_key"):
                groups[key].append((locale_id != default_pk, pk, locale_id))
            for group in groups.values():
                group.sort()  # the original (Japanese) page first: its keys are shared
                keys = None
                for _translation, page_id, locale_id in group:
                    page_rows = rows[page_id]
                    if keys is None or len(keys) != len(page_rows):
                        keys = [uuid.uuid4() for _row in page_rows]
                    for row, key in zip(page_rows, keys, strict=True):
                        row.locale_id, row.translation_key = locale_id, key
                    Row.objects.bulk_update(page_rows, ["locale", "translation_key"])

    return migrations.RunPython(forwards, migrations.RunPython.noop)


def inline_translation_required(*models):
    """Step 3: locale and translation key required, and unique together."""
    import uuid

    import django.db.models.deletion
    from django.db import models as fields

    return [
        operation
        for model in models
        for operation in (
            migrations.AlterField(
                model_name=model,
                name="locale",
                field=fields.ForeignKey(
                    editable=False,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to="wagtailcore.locale",
                    verbose_name="locale",
                ),
            ),
            migrations.AlterField(
                model_name=model,
                name="translation_key",
                field=fields.UUIDField(default=uuid.uuid4, editable=False),
            ),
            migrations.AlterUniqueTogether(
                name=model, unique_together={("translation_key", "locale")}
            ),
        )
    ]
