"""Tasks are named by dotted paths stored in the database (django-q2 schedules made by data
migrations, retries) and in outbox models: moving a module must not leave a path behind that a
worker would fail to import at run time."""

from django.utils.module_loading import import_string
from django_q.models import Schedule

from cms.core.outbox import outbox_models


def test_every_scheduled_task_names_a_function_that_exists(db):
    schedules = list(Schedule.objects.values_list("name", "func"))
    assert schedules, "the data migrations create the schedules"
    for name, func in schedules:
        assert callable(import_string(func)), name


def test_every_outbox_names_a_delivery_task_that_exists():
    models = outbox_models()
    assert len(models) >= 8
    for model in models:
        assert callable(import_string(model.delivery_task)), model
