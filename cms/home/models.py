from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Site
from wagtail.search import index

from cms.core import routing
from cms.core.blocks import BodyBlock
from cms.core.sections import collect
from cms.directory.queries import windows_open_day_and_night
from cms.news.queries import latest_news


class HomePage(Page):
    """The root of one platform's site, one per language."""

    lead = models.CharField(
        _("lead"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences under the title saying what the platform is for."),
    )
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "link", "ul", "ruby"])
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    parent_page_types = ["wagtailcore.Page"]

    content_panels = [*Page.content_panels, "lead", "intro", FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("lead"), index.SearchField("intro")]

    class Meta:
        verbose_name = _("home page")

    latest_news_count = 4
    help_window_count = 3

    def route(self, request, path_components):
        """Every page of the site is found from here: in one query (cms/core/routing.py); a
        page not translated into this home's language yet, in the Japanese tree (the page
        then says it is shown in Japanese: templates/core/includes/language_notice.html)."""
        return routing.route_or_original(self, request, path_components)

    def get_context(self, request, *args, **kwargs):
        """The front door: where to turn when in trouble first, then what is new. Apps above
        cms (events) add their own sections through the `home_page_sections` hook, a function
        of (page, request) returning a dict with a "template" and its context, or None."""
        context = super().get_context(request, *args, **kwargs)
        context.update(
            help_windows=windows_open_day_and_night(
                self.locale_id, Site.find_for_request(request), self.help_window_count
            ),
            latest_news=latest_news(self, self.latest_news_count, request),
            sections=collect("home_page_sections", self, request),
        )
        return context


class StandardPage(Page):
    """A general page: about the platform, the privacy notice, accessibility, how to join."""

    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, "summary", FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]

    class Meta:
        verbose_name = _("standard page")
