from django.urls import include, path, reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.snippets.models import register_snippet

from cms.core import freshness
from cms.core.dashboard import AttentionItem, ListPanel, ListRow, scope_of
from cms.core.frame import child_url
from cms.core.roles import MEMBERS
from cms.people.mypage import SECTIONS_HOOK
from events import admin_views, feeds, mypage, queries, sections, yearly
from events.models import EventIndexPage, EventPage
from events.queries import upcoming_events
from events.viewsets import ImportedEventViewSet

admin_urlpatterns = [
    path("<int:event_id>/", admin_views.registration_list, name="registrations"),
    path("<int:event_id>/add/", admin_views.registration_add, name="add"),
    path(
        "<int:event_id>/export.csv",
        admin_views.registration_export,
        {"file_format": "csv"},
        name="export",
    ),
    path(
        "<int:event_id>/export.xlsx",
        admin_views.registration_export,
        {"file_format": "xlsx"},
        name="export_xlsx",
    ),
    path("<int:event_id>/check-in/", admin_views.check_in, name="check_in"),
    path("<int:event_id>/message/", admin_views.message_registrants, name="message"),
    path("<int:event_id>/report/", admin_views.event_report, name="report"),
    path("report/", admin_views.yearly_report, name="yearly_report"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("event-registrations/", include((admin_urlpatterns, "events_admin")))]


class RegistrationsButton(PageMenuItem):
    label = _("Registrations")
    icon_name = "group"
    priority = 12

    @property
    def url(self):
        return reverse("events_admin:registrations", args=[self.page.pk])

    def is_shown(self, user):
        return (
            isinstance(self.page.specific_deferred, EventPage)
            and user.has_perm("events.view_registration")
            and self.page.permissions_for_user(user).can_edit()
        )


@hooks.register("register_page_header_buttons")
def registrations_header_button(page, user, view_name, next_url=None):
    yield RegistrationsButton(page=page)


@hooks.register("register_page_listing_more_buttons")
def registrations_listing_button(page, user, next_url=None):
    yield RegistrationsButton(page=page)


@hooks.register("home_page_sections")
def upcoming_events_on_home(page, request):
    """The next few events on the home page, with a link to all of them."""
    events = upcoming_events(page, limit=3, request=request)
    if not events:
        return None
    return {
        "template": "events/includes/home_section.html",
        "events": events,
        "index_url": child_url(request, page, EventIndexPage),
        "calendar_url": reverse("calendar_localized"),
    }


# The yearly report's sections (cms.core.yearly, shown by cms.reports).
hooks.register("register_yearly_section", yearly.meetings_section)
hooks.register("register_yearly_section", yearly.events_section)


@hooks.register("register_admin_viewset")
def register_calendar_sources():
    from events.viewsets import CalendarSourceViewSet

    return CalendarSourceViewSet("calendar_sources")


# Imported events are snippets with a workflow: the secretariat reviews them there.
register_snippet(ImportedEventViewSet)


@hooks.register("member_profile_sections")
def member_profile_events(member, request):
    return sections.member_events(member, request)


@hooks.register("newsletter_digest_sections")
def newsletter_digest_events(locale, subscription):
    if subscription.upcoming_events:
        # A subscription belongs to a platform once the newsletters carry theirs (issue 18);
        # until then the default one's.
        return sections.digest_events(locale, platform=getattr(subscription, "platform", None))
    return None


# Public addresses (cms/urls.py collects them; `order` keeps the URLconf's order fixed).
@hooks.register("register_unprefixed_urls")
def unprefixed_urls():
    # A DESIGN.md contract: calendar apps are given this address, without a language.
    return [path("calendar.ics", feeds.site_calendar, name="calendar")]


@hooks.register("register_public_urls", order=10)
def localized_calendar_urls():
    return [path("calendar.ics", feeds.site_calendar, name="calendar_localized")]


hooks.register(SECTIONS_HOOK, mypage.registrations_section)


@hooks.register("register_public_urls", order=40)
def public_urls():
    return [path("events/", include("events.urls"))]


@hooks.register(freshness.CLOCK_HOOK)
def next_event_change(now):
    return queries.next_change_by_clock(now, feeds.KEEP_CANCELLED)


# The dashboard (cms.core.dashboard) ---------------------------------------------------------


@hooks.register("register_attention_items")
def waitlist_attention(request, scope):
    """Full events with people waiting, and offers of a place about to run out."""
    if not scope.user.has_perm("events.view_registration"):
        return None
    found = queries.waitlist_attention(scope.platforms, scope.now)
    rows = tuple(
        (
            _("%(title)s: %(waiting)d waiting, %(expiring)d offers expiring")
            % {"title": event["title"], "waiting": event["waiting"], "expiring": event["expiring"]},
            reverse("events_admin:registrations", args=[event["pk"]]),
        )
        for event in found["events"]
    )
    # Each count opens the soonest event it counts (every event page, past the few named).
    every = reverse("wagtailadmin_pages:type_use", args=["events", "eventpage"])
    links = list(zip(found["events"], (url for _text, url in rows), strict=True))
    waiting = next((url for event, url in links if event["waiting"]), every)
    expiring = next((url for event, url in links if event["expiring"]), every)
    return [
        AttentionItem(
            "waitlists",
            _("full events with people on the waitlist"),
            found["waitlisted_events"],
            waiting,
            rows,
        ),
        AttentionItem(
            "expiring_offers",
            _("offers of a place that expire within 24 hours"),
            found["expiring_offers"],
            expiring,
        ),
    ]


@hooks.register("construct_homepage_panels")
def organiser_panel(request, panels):
    """A member organisation's account: its next events and how full they are."""
    scope = scope_of(request)
    if MEMBERS not in scope.roles:
        return
    events = queries.organised_events(scope.user, scope.now)
    rows = [
        ListRow(
            text=f"{event.title}（{date_format(localtime(event.starts_at), 'SHORT_DATE_FORMAT')}）",
            url=event.get_url(request) or "",
            note=_registrations_note(event),
        )
        for event in events
    ]
    panels.append(
        ListPanel(
            "tsunagu-organised-events",
            _("Your events' registrations"),
            rows,
            _("Your organisation has no upcoming events."),
        )
    )


def _registrations_note(event):
    held = event.seats_held or 0
    if event.seats_offered and not event.unlimited:
        note = _("%(held)d of %(offered)d places taken") % {
            "held": held,
            "offered": event.seats_offered,
        }
    else:
        note = _("%(held)d places taken") % {"held": held}
    if event.waiting:
        note += _(", %(waiting)d waiting") % {"waiting": event.waiting}
    return note
