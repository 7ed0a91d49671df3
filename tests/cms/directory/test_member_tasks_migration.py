"""Directory 0014: the membership tasks moved to `cms.directory.members.tasks`, and the schedules
django-q2 keeps (the yearly confirmation, pending mail retries) follow them."""

from importlib import import_module

import pytest
from django.apps import apps
from django.utils.module_loading import import_string
from django_q.models import Schedule

from cms.directory.models import DecisionMail, ProfileConfirmationRequest

pytestmark = pytest.mark.django_db

migration = import_module("cms.directory.migrations.0014_member_tasks_module")


def test_schedules_of_the_old_module_point_at_the_new_one_and_back():
    retry = Schedule.objects.create(
        name="retry directory.decisionmail 7",
        func="cms.directory.members_tasks.notify_applicant",
        args="(7,)",
        schedule_type=Schedule.ONCE,
    )
    other = Schedule.objects.create(
        name="another app", func="cms.news.tasks.publish_scheduled", schedule_type=Schedule.HOURLY
    )

    migration.forwards(apps, None)
    retry.refresh_from_db()
    assert retry.func == "cms.directory.members.tasks.notify_applicant"
    assert Schedule.objects.get(pk=other.pk).func == "cms.news.tasks.publish_scheduled"

    migration.backwards(apps, None)
    retry.refresh_from_db()
    assert retry.func == "cms.directory.members_tasks.notify_applicant"


def test_the_task_paths_the_directory_stores_can_be_imported():
    for path in (
        migration.NEW + "ask_members_to_confirm",
        DecisionMail.delivery_task,
        ProfileConfirmationRequest.delivery_task,
    ):
        assert callable(import_string(path)), path
