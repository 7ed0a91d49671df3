"""Who a consultation window is for (issue 21), and the address of its counter. The windows
already entered are given the audience their name says, on every translation of them (the
Japanese name decides): a line for children, a centre for older people and their carers, a
centre for foreign residents, a women's counter for women of 18 and over. The others stay open
to anyone, as they were; editors narrow them in the admin."""

from django.db import migrations, models

# A part of the Japanese name, and what a window so named is for.
CHILDREN = {"for_children": True}
AUDIENCES = [
    ("チャイルドライン", CHILDREN),
    ("子供SOS", CHILDREN),
    ("子どもSOS", CHILDREN),
    ("スクールカウンセ", CHILDREN),
    ("子ども・若者", {"for_children": True, "for_young_adults": True}),
    ("地域包括", {"for_older_people": True, "for_carers": True}),
    ("外国人", {"for_foreign_residents": True}),
    ("多文化", {"for_foreign_residents": True}),
    ("在留", {"for_foreign_residents": True}),
    (
        "女性相談",
        {"gender": "women", "for_young_adults": True, "for_adults": True, "for_older_people": True},
    ),
]


def backfill(apps, schema_editor):
    Window = apps.get_model("directory", "ConsultationWindow")
    japanese = Window.objects.filter(locale__language_code="ja")
    for part, audience in AUDIENCES:
        keys = japanese.filter(name__contains=part).values("translation_key")
        Window.objects.filter(translation_key__in=keys).update(**audience)


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0016_workflow_per_platform'),
    ]

    operations = [
        migrations.AddField(
            model_name='consultationwindow',
            name='address',
            field=models.CharField(blank=True, help_text='Where people go when it is reached in person.', max_length=200, verbose_name='address of the counter'),
        ),
        migrations.AddField(
            model_name='consultationwindow',
            name='for_adults',
            field=models.BooleanField(default=False, verbose_name='adults (30 to 64)'),
        ),
        migrations.AddField(
            model_name='consultationwindow',
            name='for_carers',
            field=models.BooleanField(default=False, help_text='Whatever their age, when ticked with ages.', verbose_name='people caring for a family member'),
        ),
        migrations.AddField(
            model_name='consultationwindow',
            name='for_children',
            field=models.BooleanField(default=False, verbose_name='children (under 18)'),
        ),
        migrations.AddField(
            model_name='consultationwindow',
            name='for_foreign_residents',
            field=models.BooleanField(default=False, help_text='Whatever their age, when ticked with ages.', verbose_name='foreign residents'),
        ),
        migrations.AddField(
            model_name='consultationwindow',
            name='for_older_people',
            field=models.BooleanField(default=False, verbose_name='older people (65 and over)'),
        ),
        migrations.AddField(
            model_name='consultationwindow',
            name='for_young_adults',
            field=models.BooleanField(default=False, verbose_name='young adults (18 to 29)'),
        ),
        migrations.AddField(
            model_name='consultationwindow',
            name='gender',
            field=models.CharField(blank=True, choices=[('', 'Anyone'), ('women', 'Women only'), ('men', 'Men only')], max_length=10, verbose_name='gender'),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
