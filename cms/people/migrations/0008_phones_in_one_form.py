"""Phone numbers already stored as typed (09012345678, 090 1234 5678) in the one form the
forms now store (090-1234-5678; +1 415-555-2671 from abroad), so that a data request or a
search by number finds every record of a person. A number that is not one is left as it was:
nothing typed is lost."""

from django.db import migrations

from cms.core.text import parse_phone


def phones_in_one_form(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    for person in Person.objects.exclude(phone="").only("pk", "phone").iterator():
        phone = parse_phone(person.phone)
        if phone and phone != person.phone:
            Person.objects.filter(pk=person.pk).update(phone=phone)


class Migration(migrations.Migration):
    dependencies = [("people", "0007_erasure_mail")]

    operations = [migrations.RunPython(phones_in_one_form, migrations.RunPython.noop)]
