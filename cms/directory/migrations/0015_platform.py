"""Consultation windows, membership tiers and applications belong to a platform; the rows of
an installation of one platform go to its default site's platform. National windows are marked
nationwide by the demo loader (the data says which), not here."""

import django.db.models.deletion
from django.db import migrations, models

from cms.core.migration_ops import to_default_platform


def platform(null, **kwargs):
    return models.ForeignKey(
        null=null,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="+",
        to="core.platform",
        verbose_name="platform",
        **kwargs,
    )


APPLIED_TO = {"help_text": "The platform the organisation applied to join."}


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0009_platform"),
        ("directory", "0014_member_tasks_module"),
        ("home", "0004_platform_for_each_site"),
    ]

    operations = [
        migrations.AddField("consultationwindow", "platform", platform(True)),
        migrations.AddField("membershiptier", "platform", platform(True)),
        migrations.AddField("membershipapplication", "platform", platform(True, **APPLIED_TO)),
        to_default_platform(
            "directory.ConsultationWindow",
            "directory.MembershipTier",
            "directory.MembershipApplication",
        ),
        migrations.AlterField("consultationwindow", "platform", platform(False)),
        migrations.AlterField("membershiptier", "platform", platform(False)),
        migrations.AlterField("membershipapplication", "platform", platform(False, **APPLIED_TO)),
        migrations.AddField(
            model_name="consultationwindow",
            name="nationwide",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "A national line (よりそいホットライン, #いのちSOS…) shown on every platform. "
                    "Only an administrator may set it or change such a window."
                ),
                verbose_name="nationwide",
            ),
        ),
        # the same organisation may apply to join two platforms
        migrations.RemoveConstraint(
            model_name="membershipapplication",
            name="directory_one_pending_application_per_organisation_and_email",
        ),
        migrations.AddConstraint(
            model_name="membershipapplication",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "pending")),
                fields=("platform", "duplicate_key"),
                name="directory_one_pending_application_per_organisation_and_email",
            ),
        ),
        migrations.AlterField(
            model_name="membershiptier",
            name="name",
            field=models.CharField(max_length=80, verbose_name="name"),
        ),
        migrations.AddConstraint(
            model_name="membershiptier",
            constraint=models.UniqueConstraint(
                fields=("platform", "name"), name="directory_membershiptier_unique_name"
            ),
        ),
    ]
