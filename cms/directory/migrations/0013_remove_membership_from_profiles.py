"""Membership, step 3 of 3: the page no longer holds tier, status or the last-confirmed date
(step 2 copied them into Membership), so drafts and translations cannot carry them."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0012_membership_from_profiles'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='memberorganisationpage',
            options={'verbose_name': 'member organisation', 'verbose_name_plural': 'member organisations'},
        ),
        migrations.RemoveField(
            model_name='memberorganisationpage',
            name='last_confirmed_on',
        ),
        migrations.RemoveField(
            model_name='memberorganisationpage',
            name='status',
        ),
        migrations.RemoveField(
            model_name='memberorganisationpage',
            name='tier',
        ),
    ]
