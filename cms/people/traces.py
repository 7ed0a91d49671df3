"""What an erased person leaves outside their own records: the text kept by the outbox and by
django-q2's task queue.

The outbox renders each mail at delivery and keeps neither its body nor its address, but a
failed delivery keeps the error (`last_error`), and mail servers quote the address they
refused. django-q2 keeps finished tasks (their arguments, result or traceback), the tasks still
queued and the schedules; Tsunagu's tasks take primary keys, yet an error, a result or a task
queued by hand can carry an address. So erasure clears, for the people erased:

- `last_error` of every outbox row about them (found by the foreign keys that lead from the
  row to the person) and of every outbox row that quotes their address or phone;
- every task, queued task and schedule whose text, decoded, quotes their address or phone.
  They are deleted: a finished task is only a log line, and a queued one carrying an erased
  person's address must not run.

Names are not searched: they are too short and common to pick out one person's traces (a
schedule named "Ann…"), and no error or task quotes a resident's name."""

from django.db import models
from django.db.models import Q
from django_q.models import OrmQ, Schedule, Task

from cms.core.outbox import outbox_models
from cms.people.models import Person

# Shorter values (a phone typed as "1") would match unrelated text.
SHORTEST_TRACE = 6


def identifiers(person):
    """The values by which a person can be found in text that is not theirs."""
    return {
        value.casefold()
        for value in (person.email, person.phone)
        if value and len(value) >= SHORTEST_TRACE
    }


def _path_to_person(model, depth=3):
    """The lookup (e.g. "registration__person") from model to Person along foreign keys,
    or None."""
    paths = [(model, "")]
    for _ in range(depth):
        following = []
        for current, prefix in paths:
            for field in current._meta.concrete_fields:
                if not isinstance(field, models.ForeignKey):
                    continue
                lookup = f"{prefix}{field.name}"
                if field.related_model is Person:
                    return lookup
                following.append((field.related_model, f"{lookup}__"))
        paths = following
    return None


def clear_outbox_errors(people_pks, values):
    """Blank `last_error` of the outbox rows about these people or quoting these values."""
    for model in outbox_models():
        about = Q(pk__in=[])
        if path := _path_to_person(model):
            about |= Q(**{f"{path}__in": people_pks})
        for value in values:
            about |= Q(last_error__icontains=value)
        model._default_manager.filter(about).exclude(last_error="").update(last_error="")


def _text_of(row):
    """Every text a django-q2 row holds, decoded (pickled arguments and results, the signed
    package of a queued task), in one lower-case string."""
    parts = [
        repr(getattr(row, field.attname))
        for field in row._meta.concrete_fields
        if not field.is_relation and not isinstance(field, models.DateTimeField)
    ]
    if isinstance(row, OrmQ):
        parts.append(repr(row.task))
    return " ".join(parts).casefold()


def clear_task_queue(values):
    """Delete the tasks, queued tasks and schedules that quote any of these values; returns
    how many."""
    if not values:
        return 0
    deleted = 0
    for model in (Task, OrmQ, Schedule):
        doomed = []
        for row in model.objects.iterator(chunk_size=500):
            text = _text_of(row)
            if any(value in text for value in values):
                doomed.append(row.pk)
        if doomed:
            deleted += model.objects.filter(pk__in=doomed).delete()[0]
    return deleted


def clear_traces(people_pks, values):
    clear_outbox_errors(people_pks, values)
    clear_task_queue(values)
