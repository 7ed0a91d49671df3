"""Sponsors in the admin (snippets, translatable) and in the event page and flyer."""

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.core.platform_admin import PlatformScopedViewSetMixin
from sponsors.models import Sponsor, Sponsorship
from sponsors.services import event_sponsors


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
            FieldPanel("kind"),
            FieldRowPanel([FieldPanel("logo"), FieldPanel("logo_alt")]),
            FieldPanel("url"),
        ]
    )


class SponsorshipViewSet(PlatformScopedViewSetMixin, SnippetViewSet):
    """Only sponsors of the account's platforms are offered (the mixin's form)."""

    model = Sponsorship
    platform_path = "sponsor__platform"
    icon = "calendar-alt"
    menu_label = _("Event sponsors")
    list_display = ["event", "sponsor", "role", "sort_order"]
    list_filter = ["sponsor"]
    edit_handler = ObjectList(
        [
            FieldPanel("event"),
            FieldPanel("sponsor"),
            FieldRowPanel([FieldPanel("role"), FieldPanel("sort_order")]),
        ]
    )

    def get_queryset(self, request):
        return Sponsorship.objects.select_related("event", "sponsor")


class SponsorsGroup(SnippetViewSetGroup):
    items = (SponsorViewSet, SponsorshipViewSet)
    menu_icon = "pick"
    menu_label = _("Sponsors")
    menu_order = 380


register_snippet(SponsorsGroup)


@hooks.register("event_page_slots")
def sponsors_slot(page, request):
    groups = event_sponsors(page)
    if not groups:
        return ""
    return render_to_string("sponsors/event_sponsors.html", {"groups": groups}, request=request)


@hooks.register("event_flyer_rows")
def sponsors_on_flyer(page):
    """One row per role or kind, the names joined (the flyer has no room for logos)."""
    return [
        (label, "、".join(s.name for s in sponsors)) for label, sponsors in event_sponsors(page)
    ]
