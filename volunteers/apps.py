from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "volunteers"
    verbose_name = _("Volunteers")

    def ready(self):
        # Registers the retention hold: people down for a future shift are kept.
        from volunteers import services  # noqa: F401
