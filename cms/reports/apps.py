from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """The yearly report (cms.core.yearly): its admin page, workbook and PDF, and the
    sections of cms's own apps (members, newsletter, consultation windows and ibasho)."""

    name = "cms.reports"
    label = "reports"
    verbose_name = _("Reports")
