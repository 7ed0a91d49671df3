"""Discreet and unlisted events (issue 21).

A discreet event (a 心の相談会 someone would rather not have on a shared screen or in a family
calendar) is called by a neutral title wherever it reaches the person: mail bodies and
subjects, calendar files, the questionnaire, the check-in screen, my page. The title is the
editor's `discreet_title` (translatable) or "ご予約" and the platform's name; never the event's
title or topic.

An unlisted event is kept out of every public list (index, home, search, calendars, member
profiles, newsletter digest) and asks search engines not to index its page, which stays
reachable by its link. The flag is read from the original-language page, whose translations
follow it (`listed`)."""

from django.utils.translation import gettext

from cms.core.platform import platform_name
from events import platforms


def neutral_title(event, translated=None):
    """What the person is told the event is called: the neutral title in the active language
    (`translated`, when the caller read it for many events at once), else in the original one,
    else "Your booking | <platform>"."""
    if translated is None:
        translated = event.localized.discreet_title
    if translated or event.discreet_title:
        return translated or event.discreet_title
    info = platforms.of_path(event.path)
    return f"{gettext('Your booking')} | {info.name() if info else platform_name()}"


def shown_title(event):
    """The event's title in the active language, or its neutral title when it is discreet."""
    return neutral_title(event) if event.discreet else event.localized.title


def listed(events):
    """`events` (a queryset of event pages in any language) without the unlisted ones: those
    whose original-language page keeps them out of lists (one subquery, no extra query)."""
    from events.models import EventPage

    return events.exclude(
        translation_key__in=EventPage.objects.filter(unlisted=True).values("translation_key")
    )


def follow_listing(event):
    """After the original-language page is published: its translations leave search (or come
    back) with it, since each is indexed by itself (cms.search.index)."""
    from cms.search.index import index_object
    from events.models import EventPage

    translations = EventPage.objects.filter(translation_key=event.translation_key).exclude(
        pk=event.pk
    )
    for translation in translations.filter(live=True):
        index_object(translation)
