"""A registrant's own calendar: the file from my page, the private feed behind a revocable
token, and the entries of a mail's attachment. A discreet event is only its neutral title; the
online meeting link is in the person's own file and feed for the events where they take part
online (`with_online_link`), never in a mail's attachment nor in a public feed
(`events.feeds`)."""

import dataclasses

from django.db.models import Count, Max
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.core import ical
from events.capacity import LIVE
from events.discreet import neutral_title
from events.feeds import localized_pages, session_occurrence, sessions_of, with_pages
from events.models import EventPage, Registration
from events.models.registration import online_places

# What a registrant's private calendar token is for (`views.calendar_link` issues it).
CALENDAR_PURPOSE = "events:calendar"


def private_title(page):
    """What a private feed or a mail's calendar entry calls the event: a discreet event (a
    相談会 someone would rather not have on a shared screen) only by its neutral title."""
    return neutral_title(page) if page.discreet else None


def registrant_occurrences(request, registrations, *, online_link=False):
    """The sessions of the events behind `registrations`, in the active language. With
    `online_link` (the person's own calendar file and feed, never a mail's attachment nor a
    public feed), the events where one of them takes part online carry the meeting link."""
    registrations = list(registrations)
    online = _online_events(registrations) if online_link else set()
    # Registrations hold the original-language pages, which sessions_of reads.
    pages = EventPage.objects.filter(pk__in=[r.event_id for r in registrations])
    sessions = with_pages(sessions_of(pages))
    localized = localized_pages(sessions)
    for session in sessions:
        page = localized.get(session.page.translation_key, session.page)
        title = private_title(session.page)
        occurrence = session_occurrence(
            session, page, request, summary=title, description="" if title else None
        )
        if title:
            # Nor does its address (the slug) or its category say what it is about.
            occurrence = dataclasses.replace(occurrence, url="", categories=())
        if session.page_id in online and session.page.online_url:
            occurrence = with_online_link(occurrence, session.page.online_url)
        yield occurrence


def _online_events(registrations):
    """The events for which one of `registrations` takes part online. One query."""
    return set(
        Registration.objects.filter(online_places(), pk__in=[r.pk for r in registrations])
        .values_list("event_id", flat=True)
        .distinct()
    )


def with_online_link(occurrence, link):
    """The entry of a person who takes part online, with the meeting link where phone calendars
    show it: as LOCATION, the line under the title that iOS, Google Calendar and Outlook make
    tappable (the hall's address is not where this person goes, nor is its map pin), and
    labelled at the top of DESCRIPTION, which every app shows and links, for an app that
    hides a long location. Not as URL alone: Google Calendar does not show an imported URL,
    and the URL keeps the event's page. A discreet event's neutral title stays as it is."""
    label = _("Online meeting link")
    description = "\n\n".join(part for part in (f"{label}: {link}", occurrence.description) if part)
    return dataclasses.replace(occurrence, location=link, geo=None, description=description)


def registrant_calendar(request, token):
    """A registrant's own coming events, private, behind a revocable token: with the online
    meeting link of the events they take part in online, so sent `private, no-store` (a
    shared cache never hands one person's feed to another; the ETag is per token)."""
    from cms.people.services import resolve_token

    access = resolve_token(token, CALENDAR_PURPOSE)
    if access is None:
        raise Http404
    registrations = Registration.objects.filter(person=access.person, status__in=LIVE)
    summary = registrations.aggregate(
        count=Count("pk"),
        changed=Max("status_changed_at"),
        published=Max("event__last_published_at"),
    )
    version = (access.pk, *summary.values(), timezone.now().strftime("%Y%m%d%H"))
    return ical.calendar_response(
        request,
        version=version,
        build=lambda: registrant_occurrences(request, registrations, online_link=True),
        name=_("My events"),
        filename="my-events.ics",
        private=True,
    )
