from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    """Member organisations, ibasho and consultation windows."""

    name = "cms.directory"
    label = "directory"
    verbose_name = _("Directory")
