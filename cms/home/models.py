from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.core.blocks import BodyBlock


class HomePage(Page):
    """The root of one platform's site, one per language."""

    lead = models.CharField(
        _("lead"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences under the title saying what the platform is for."),
    )
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "link", "ul"])
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    parent_page_types = ["wagtailcore.Page"]

    content_panels = [*Page.content_panels, "lead", "intro", FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("lead"), index.SearchField("intro")]

    class Meta:
        verbose_name = _("home page")


class StandardPage(Page):
    """A general page: about the platform, the privacy notice, accessibility, how to join."""

    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, "summary", FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]

    class Meta:
        verbose_name = _("standard page")
