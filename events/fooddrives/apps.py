from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FoodDrivesConfig(AppConfig):
    name = "events.fooddrives"
    label = "fooddrives"
    verbose_name = _("Food drives")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from events.fooddrives import signals

        signals.connect()
