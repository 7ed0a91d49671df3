"""The concurrency harness that the capacity tests build on, proven on PostgreSQL."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection, transaction

from tests.concurrency import run_concurrently

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_the_suite_runs_on_postgresql():
    assert connection.vendor == "postgresql"


def test_a_row_lock_serialises_parallel_read_modify_write():
    # Each of 20 threads reads a counter and writes it back plus one. Without the lock most
    # increments would be lost; with select_for_update none is.
    group = Group.objects.create(name="0")

    def increment(_):
        with transaction.atomic():
            locked = Group.objects.select_for_update().get(pk=group.pk)
            locked.name = str(int(locked.name) + 1)
            locked.save()

    _, errors = run_concurrently(increment, 20)
    assert errors == []
    group.refresh_from_db()
    assert group.name == "20"
