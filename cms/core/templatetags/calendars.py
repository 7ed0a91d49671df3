"""Links to a calendar feed, the same on every page that shows dates: a `<link rel=alternate>`
for the head, a webcal:// subscription, a download and "add to Google Calendar"."""

from django import template

from cms.core import ical

register = template.Library()


def _absolute(context, url):
    request = context.get("request")
    return request.build_absolute_uri(url) if request else url


@register.inclusion_tag("core/includes/calendar_head.html", takes_context=True)
def calendar_head(context, url, title=""):
    return {"url": _absolute(context, url), "title": title}


@register.inclusion_tag("core/includes/calendar_links.html", takes_context=True)
def calendar_links(context, url, title=""):
    absolute = _absolute(context, url)
    webcal, google = ical.subscribe_urls(absolute)
    return {"url": absolute, "webcal": webcal, "google": google, "title": title}


@register.simple_tag
def google_calendar_url(title, start, end, location=""):
    """ "Add to Google Calendar" for one session."""
    return ical.google_calendar_url(title=title, start=start, end=end, location=location)
