from datetime import timedelta

import pytest
from django.utils import timezone

from cms.home.services import ensure_site
from events.models import EventIndexPage, EventPage, EventSession, Quota


def make_index(home=None):
    """The event index of the default site's home (or of `home`, another platform's)."""
    home = home or ensure_site()
    index = EventIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(instance=EventIndexPage(title="イベント", slug="events"))
    return index


def make_event(
    title="孤独・孤立を考えるシンポジウム",
    *,
    capacity=10,
    quotas=None,
    days=10,
    index=None,
    **fields,
):
    """A published event starting in `days` days with one quota of `capacity` seats (or the
    given [(label, mode, capacity)]), in the default site's index unless another is given."""
    index = index or make_index()
    starts = timezone.now() + timedelta(days=days)
    event = EventPage(
        title=title,
        slug=fields.pop("slug", f"event-{EventPage.objects.count() + 1}"),
        summary="地域でつながる",
        category=fields.pop("category", EventPage.Category.SYMPOSIUM),
        **fields,
    )
    event.sessions = [EventSession(starts_at=starts, ends_at=starts + timedelta(hours=2))]
    event.quotas = [
        Quota(label=label, mode=mode, capacity=cap)
        for label, mode, cap in (quotas or [("", "onsite", capacity)])
    ]
    index.add_child(instance=event)
    event.save_revision().publish()
    return EventPage.objects.get(pk=event.pk)


@pytest.fixture
def event(db):
    return make_event()


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Call a function as one request or task would: what it leaves for after the commit
    (the mail tasks) runs when it returns."""

    def call(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return call
