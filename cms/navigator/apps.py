from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NavigatorConfig(AppConfig):
    """The worry navigator (お悩みハンドブック)."""

    name = "cms.navigator"
    label = "navigator"
    verbose_name = _("Worry navigator")
