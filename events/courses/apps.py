from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "events.courses"
    label = "courses"
    verbose_name = _("Supporter courses")
    default_auto_field = "django.db.models.BigAutoField"
