from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from cms.directory.ibasho import views


class IbashoIndexPage(RoutablePageMixin, Page):
    """The ibasho directory: a filterable list, and a map where JavaScript runs. Apart from
    the ibasho themselves, since its views read them through `cms.directory.queries`."""

    intro = models.CharField(_("introduction"), max_length=300, blank=True)

    subpage_types = ["directory.IbashoPage"]
    content_panels = [*Page.content_panels, "intro"]

    class Meta:
        verbose_name = _("ibasho index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(views.index_context(self, request))
        return context

    @path("geojson/", name="geojson")
    def geojson(self, request):
        return views.geojson(self, request)
