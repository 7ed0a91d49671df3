"""What the coordinators tell a shift, and the mails a volunteer is sent."""

from functools import cached_property

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cms.core.outbox import OutboxMessage
from volunteers.models.opportunities import VolunteerOpportunity
from volunteers.models.shifts import Shift, ShiftSignup
from volunteers.models.volunteers import Volunteer


class ShiftMessage(models.Model):
    """A coordinator's mail to everyone on a shift (e.g. "bring gloves", "meet at the back
    door"); kept, so that one can see later who was told what."""

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="messages")
    subject = models.CharField(_("subject"), max_length=100)
    body = models.TextField(_("message"), max_length=2000)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("message to a shift")
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject


class VolunteerMail(OutboxMessage):
    """A mail to a volunteer, written in the transaction of the change it reports and
    delivered by `volunteers.tasks.deliver_mail` (`cms.core.outbox`): a failing mail server
    delays it, never loses it. What it says, and its private link, are made at delivery."""

    class Kind(models.TextChoices):
        CONFIRM = "confirm", _("Confirm the e-mail address")
        LINK = "link", _("Link to the volunteer page")
        PLACE_OPENED = "place_opened", _("A place opened up")
        SHIFT_CANCELLED = "shift_cancelled", _("Shift cancelled")
        SHIFT_MESSAGE = "shift_message", _("Message to a shift")
        REMINDER = "reminder", _("Reminder")
        SWAP_OFFERED = "swap_offered", _("Place offered for swap")
        HANDED_OVER = "handed_over", _("Place taken over by someone else")
        TOOK_OVER = "took_over", _("Took over a place")

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="mails")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    signup = models.ForeignKey(
        ShiftSignup, null=True, blank=True, on_delete=models.CASCADE, related_name="mails"
    )
    shift_message = models.ForeignKey(
        ShiftMessage, null=True, blank=True, on_delete=models.CASCADE, related_name="mails"
    )
    # Where a link should lead: the shifts of the opportunity whose QR code was scanned.
    opportunity = models.ForeignKey(
        VolunteerOpportunity, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    delivery_task = "volunteers.tasks.deliver_mail"
    platform_path = "volunteer__person__platform"
    undelivered_related = ("volunteer__person", "signup__shift__role", "shift_message")
    delivery_related = (
        "volunteer__person",
        "signup__shift__opportunity",
        "signup__shift__role",
        "shift_message",
        "opportunity",
    )

    class Meta:
        verbose_name = _("mail to a volunteer")
        verbose_name_plural = _("mails to volunteers")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.kind} #{self.volunteer_id}"

    def recipient(self):
        return self.volunteer.person

    def about(self):
        if self.shift_message_id:
            return f"{self.get_kind_display()}: {self.shift_message.subject}"
        if self.signup_id:
            return f"{self.get_kind_display()}: {self.signup.shift}"
        return self.get_kind_display()

    # What the mail says, and its private link, are decided by the tasks module (which
    # imports this one) at delivery, in the volunteer's language.

    def still_due(self):
        from volunteers.tasks import still_due

        return still_due(self) if self.signup_id else None

    @cached_property
    def _parts(self):
        from volunteers.tasks import mail_parts

        return mail_parts(self)

    @property
    def body_template(self):
        return f"volunteers/mail/{self._parts[0]}.txt"

    def subject(self):
        return self._parts[1]

    def context(self):
        person = self.volunteer.person
        return {
            "volunteer": self.volunteer,
            "person": person,
            "signup": self.signup,
            **self._parts[2],
        }
