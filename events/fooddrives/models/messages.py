"""The mails to the people who pledged (through the outbox); who exported their names is in
the one export log (`cms.core.exports.logged_export`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cms.core.outbox import OutboxMessage
from events.fooddrives.models.pledges import Pledge


class PledgeMessage(OutboxMessage):
    """A mail to the person who pledged, written in the transaction of the change it reports
    and delivered by `events.fooddrives.tasks.deliver_pledge_message`."""

    class Kind(models.TextChoices):
        CONFIRMED = "confirmed", _("Pledge received")
        CANCELLED = "cancelled", _("Pledge cancelled")
        DRIVE_CANCELLED = "drive_cancelled", _("Food drive cancelled")
        REMINDER = "reminder", _("Drop-off reminder")
        THANKS = "thanks", _("Thank you: food received")

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(max_length=20, choices=Kind.choices)

    delivery_task = "events.fooddrives.tasks.deliver_pledge_message"
    undelivered_related = ("pledge__person", "pledge__drive")

    class Meta:
        verbose_name = _("mail about a pledge")
        verbose_name_plural = _("mails about pledges")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.kind} #{self.pledge_id}"

    def recipient(self):
        return self.pledge.person

    def about(self):
        return f"{self.get_kind_display()}: {self.pledge.drive.title}"
