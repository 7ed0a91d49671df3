"""Sponsors in the admin (tiers, sponsors and sponsorships: snippets of the staff's platform)
and in public: the event (and course) page, the food drive page, the flyer, the page cache's
clock and the yearly report."""

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.core import freshness
from cms.core.platform import in_platforms
from cms.core.platform_admin import PlatformScopedViewSetMixin
from sponsors import queries, yearly
from sponsors.models import Sponsor, Sponsorship, SponsorTier


class SponsorTierViewSet(PlatformScopedViewSetMixin, SnippetViewSet):
    model = SponsorTier
    icon = "list-ol"
    menu_label = _("Sponsor tiers")
    list_display = ["name", "sort_order"]
    list_filter = ["locale"]
    edit_handler = ObjectList(
        [FieldPanel("platform"), FieldRowPanel([FieldPanel("name"), FieldPanel("sort_order")])]
    )


class SponsorViewSet(PlatformScopedViewSetMixin, SnippetViewSet):
    model = Sponsor
    icon = "pick"
    menu_label = _("Sponsors")
    list_display = ["name", "kind", "url"]
    list_filter = ["kind", "locale"]
    search_fields = ["name"]
    edit_handler = ObjectList(
        [
            FieldPanel("platform"),
            FieldRowPanel([FieldPanel("name"), FieldPanel("name_kana")]),
            FieldRowPanel([FieldPanel("kind"), FieldPanel("named_publicly")]),
            FieldRowPanel([FieldPanel("logo"), FieldPanel("logo_alt")]),
            FieldPanel("url"),
        ]
    )


def _pages_of(path="path"):
    return lambda queryset, pks: queryset.filter(in_platforms(pks, path=path))


class SponsorshipViewSet(PlatformScopedViewSetMixin, SnippetViewSet):
    """Only sponsors, tiers, events, drives and courses of the account's platforms are offered."""

    model = Sponsorship
    platform_path = "sponsor__platform"
    icon = "calendar-alt"
    menu_label = _("Sponsorships")
    list_display = ["sponsor", "target_label", "tier", "support", "starts_on", "ends_on"]
    list_filter = ["tier", "support", "whole_platform"]
    choice_filters = {
        "event": _pages_of(),
        "food_drive": _pages_of(),
        "course": _pages_of("event__path"),
    }
    edit_handler = ObjectList(
        [
            FieldPanel("sponsor"),
            FieldRowPanel([FieldPanel("tier"), FieldPanel("support")]),
            MultiFieldPanel(
                [
                    FieldPanel("whole_platform"),
                    FieldPanel("event"),
                    FieldPanel("food_drive"),
                    FieldPanel("course"),
                ],
                heading=_("What is sponsored"),
            ),
            FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
            FieldRowPanel([FieldPanel("role"), FieldPanel("sort_order")]),
        ]
    )

    def get_queryset(self, request):
        return Sponsorship.objects.select_related(
            "event", "food_drive", "course__event", "sponsor", "tier"
        )


class SponsorsGroup(SnippetViewSetGroup):
    items = (SponsorViewSet, SponsorshipViewSet, SponsorTierViewSet)
    menu_icon = "pick"
    menu_label = _("Sponsors")
    menu_order = 380


register_snippet(SponsorsGroup)


def _slot(groups, request):
    if not groups:
        return ""
    return render_to_string("sponsors/event_sponsors.html", {"groups": groups}, request=request)


@hooks.register("event_page_slots")
def sponsors_slot(page, request):
    """An event's sponsors, and a course's (its page is an event's)."""
    return _slot(queries.event_sponsors(page), request)


@hooks.register("food_drive_page_slots")
def food_drive_sponsors_slot(page, request):
    return _slot(queries.food_drive_sponsors(page), request)


@hooks.register("event_flyer_rows")
def sponsors_on_flyer(page):
    """One row per role or kind, the names joined (the flyer has no room for logos)."""
    return [(group.label, "、".join(group.names())) for group in queries.event_sponsors(page)]


@hooks.register(freshness.CLOCK_HOOK)
def next_sponsorship_change(now):
    return queries.next_change_by_clock(now)


hooks.register("register_yearly_section", yearly.sponsors_section)
