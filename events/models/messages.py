"""Mails to registrants: what staff wrote to all of them, and the outbox of every mail."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cms.core.outbox import OutboxMessage
from events.models.pages import EventPage
from events.models.registration import Registration


class Announcement(models.Model):
    """What staff wrote to all registrants of an event (a change of room, what to bring)."""

    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="announcements")
    subject = models.CharField(_("subject"), max_length=150)
    body = models.TextField(_("message"), max_length=4000)
    include_waitlist = models.BooleanField(_("also to people on the waitlist"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("message to registrants")
        verbose_name_plural = _("messages to registrants")
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject


class Message(OutboxMessage):
    """A mail to a registrant, written in the same transaction as the change it reports and
    delivered by a task: a failing mail server delays it, never loses it or the change."""

    platform_path = "registration__event"

    class Kind(models.TextChoices):
        CONFIRMED = "confirmed", _("Registration confirmed")
        WAITLISTED = "waitlisted", _("On the waitlist")
        PROMOTED = "promoted", _("Moved up from the waitlist")
        OFFERED = "offered", _("Place offered")
        CANCELLED = "cancelled", _("Registration cancelled")
        EVENT_CANCELLED = "event_cancelled", _("Event cancelled")
        REMINDER = "reminder", _("Reminder")
        ANNOUNCEMENT = "announcement", _("Message from the organisers")
        # Someone typed the registrant's address on the form again: only they learn of it.
        ALREADY_REGISTERED = "already_registered", _("Registered already")

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="messages"
    )
    announcement = models.ForeignKey(
        Announcement, null=True, blank=True, on_delete=models.CASCADE, related_name="messages"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)

    delivery_task = "events.tasks.deliver_message"
    undelivered_related = ("registration__person", "registration__event")
    delivery_related = (*undelivered_related, "announcement")
    body_template = "events/mail/message.txt"

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.kind} #{self.registration_id}"

    def recipient(self):
        return self.registration.person

    def about(self):
        return f"{self.get_kind_display()}: {self.registration.event.title}"

    # The subject, private link and files are made by the tasks module (which imports this
    # one) at delivery, in the registrant's language.

    def subject(self):
        from events.tasks import message_subject

        return message_subject(self)

    def context(self):
        from events.tasks import message_context

        return message_context(self)

    def attachments(self):
        from events.tasks import attachments

        return attachments(self)
