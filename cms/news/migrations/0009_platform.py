import django.db.models.deletion
from django.db import migrations, models

from cms.core.migration_ops import to_default_platform

MODELS = ("newscategory", "newslettersubscription", "newsletterissue", "newsletterconfirmation")


def _field(null):
    return models.ForeignKey(
        null=null,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="+",
        to="core.platform",
        verbose_name="platform",
    )


class Migration(migrations.Migration):
    """Categories, subscriptions, issues and confirmation mails belong to a platform; those of
    an installation of one platform go to its default site's."""

    dependencies = [
        ("core", "0009_platform"),
        ("home", "0004_platform_for_each_site"),
        ("news", "0008_outbox_labels"),
    ]

    operations = [
        *[
            migrations.AddField(model_name=name, name="platform", field=_field(True))
            for name in MODELS
        ],
        to_default_platform(*[f"news.{name}" for name in MODELS]),
        *[
            migrations.AlterField(model_name=name, name="platform", field=_field(False))
            for name in MODELS
        ],
        migrations.RemoveConstraint(model_name="newscategory", name="news_category_unique_slug"),
        migrations.AddConstraint(
            model_name="newscategory",
            constraint=models.UniqueConstraint(
                fields=("platform", "slug", "locale"), name="news_category_unique_slug"
            ),
        ),
    ]
