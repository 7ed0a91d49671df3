from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.search.models import Synonym


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "search"
    menu_label = _("Search synonyms")
    menu_order = 320
    add_to_settings_menu = True
    list_display = ["terms"]
    search_fields = ["terms"]


register_snippet(SynonymViewSet)


@hooks.register("register_public_urls", order=70)
def public_urls():
    return [path("search/", include("cms.search.urls"))]
