"""Membership, step 1 of 3: the secretariat's record of each organisation, outside its page.
Step 2 fills it from the pages, step 3 removes the fields from the page."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0010_outbox_labels'),
    ]

    operations = [
        migrations.CreateModel(
            name='Membership',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('active', 'Active'), ('paused', 'Paused'), ('left', 'Left the platform')], default='active', max_length=10, verbose_name='membership status')),
                ('last_confirmed_on', models.DateField(blank=True, help_text='When the organisation last confirmed that its profile is up to date.', null=True, verbose_name='profile last confirmed')),
                ('page', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='membership', to='directory.memberorganisationpage', verbose_name='member organisation')),
                ('tier', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='memberships', to='directory.membershiptier', verbose_name='membership tier')),
            ],
            options={
                'verbose_name': 'membership',
                'verbose_name_plural': 'memberships',
                'permissions': [('manage_membership', 'Can manage membership tier, status and confirmation')],
                'default_permissions': (),
            },
        ),
    ]
