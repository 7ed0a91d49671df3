"""Personal data leaving the system: each export of an event's registrations is logged."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from events.models.pages import EventPage


class ExportLog(models.Model):
    """Who exported which event's registrations, when (personal data leaving the system)."""

    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    rows = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("export log")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.event_id} {self.created_at:%Y-%m-%d %H:%M}"
