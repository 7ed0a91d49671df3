"""Issue 16: the most of one kind of food one pledge may hold, per drive (50 unless an
editor sets another), and the reason staff gave for recording more."""

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('fooddrives', '0005_delete_pledgeexportlog'),
    ]

    operations = [
        migrations.AddField(
            model_name='fooddrivepage',
            name='max_per_item',
            field=models.PositiveIntegerField(default=50, help_text="In the item's unit. Staff can record a larger pledge (a company, a school) with a reason.", validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(1000)], verbose_name='most of one kind of food in one pledge'),
        ),
        migrations.AddField(
            model_name='pledge',
            name='override_reason',
            field=models.CharField(blank=True, max_length=200, verbose_name='beyond the limit per pledge because'),
        ),
    ]
