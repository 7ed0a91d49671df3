from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Site search that works for Japanese text."""

    name = "cms.search"
    label = "site_search"
    verbose_name = _("Search")

    def ready(self):
        from cms.directory.windows.models import ConsultationWindow
        from cms.search import index

        index.connect()
        index.register(ConsultationWindow)
