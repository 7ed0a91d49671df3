"""Issue 16: a limit on the companions one registration brings (4 unless an editor sets
another), the private mail to an address typed again on the form, and a registration made
after one ended is a new row: only live registrations are one per person and event."""

import django.core.validators
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0010_delete_exportlog'),
        ('people', '0006_data_requests'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='eventpage',
            name='max_companions',
            field=models.PositiveSmallIntegerField(default=4, help_text='How many people one registration may bring along (0 to 9). Staff can register a larger group with a reason.', validators=[django.core.validators.MaxValueValidator(9)], verbose_name='companions per registration, at most'),
        ),
        migrations.AlterField(
            model_name='message',
            name='kind',
            field=models.CharField(choices=[('confirmed', 'Registration confirmed'), ('waitlisted', 'On the waitlist'), ('promoted', 'Moved up from the waitlist'), ('offered', 'Place offered'), ('cancelled', 'Registration cancelled'), ('event_cancelled', 'Event cancelled'), ('reminder', 'Reminder'), ('announcement', 'Message from the organisers'), ('already_registered', 'Registered already')], max_length=20),
        ),
        migrations.AddConstraint(
            model_name='registration',
            constraint=models.UniqueConstraint(condition=models.Q(('status__in', ('confirmed', 'offered', 'attended', 'waitlisted'))), fields=('event', 'person'), name='events_registration_one_live_per_person'),
        ),
    ]
