"""A person's registration for an event, and the check-in code that finds it at the door."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from events.capacity import LIVE, SeatClaim, Status
from events.models.pages import EventPage
from events.models.quotas import Quota

# Check-in codes are read aloud and typed by hand when a scanner fails: no 0/O, 1/I/L.
CHECK_IN_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CHECK_IN_LENGTH = 16  # about 79 bits: codes never collide and cannot be guessed


def online_places():
    """The registrations that take part online (`Registration.takes_part_online`), as a filter
    for a list: one query however many registrations."""
    return Q(
        quota__mode=EventPage.Attendance.ONLINE, status__in=(Status.CONFIRMED, Status.ATTENDED)
    )


def new_check_in_code():
    return "".join(secrets.choice(CHECK_IN_ALPHABET) for _ in range(CHECK_IN_LENGTH))


class Registration(SeatClaim):
    """A person's registration for an event: seats in one quota and where it stands."""

    reference = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(
        EventPage,
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    # RESTRICT: deleting the whole event takes its registrations along; removing one quota
    # that people hold is refused (EventPageForm says so before it gets here).
    quota = models.ForeignKey(
        Quota, verbose_name=_("places"), on_delete=models.RESTRICT, related_name="registrations"
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="event_registrations",
    )
    answers = models.JSONField(_("answers"), default=list, blank=True)
    submission_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by staff"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    attended_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    walk_in = models.BooleanField(_("walk-in"), default=False)
    reminder_queued_at = models.DateTimeField(null=True, blank=True, editable=False)
    # What the QR code on the confirmation carries: it finds the registration for staff at the
    # door and means nothing to anyone else (random, not the private link, no personal data).
    # Given in save(): a default would give every existing row the same code when the column
    # is added (the migration gives each its own).
    check_in_code = models.CharField(
        _("check-in code"),
        max_length=CHECK_IN_LENGTH,
        unique=True,
        null=True,
        blank=True,
        editable=False,
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["quota", "status", "queued_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(seats__gte=1), name="events_registration_seats"),
            # A registration that ended stays as it was (reports count it as cancelled); one
            # made after it is a new row, so only live ones are one per person and event.
            models.UniqueConstraint(
                fields=["event", "person"],
                condition=Q(status__in=LIVE),
                name="events_registration_one_live_per_person",
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.event}"

    def save(self, *args, **kwargs):
        if not self.check_in_code:
            self.check_in_code = new_check_in_code()
        super().save(*args, **kwargs)

    @property
    def check_in_label(self):
        """The code as printed and read out: four groups of four (ABCD-EFGH-JKMN-PQRS)."""
        code = self.check_in_code or ""
        return "-".join(code[i : i + 4] for i in range(0, len(code), 4))

    @property
    def companions(self):
        return self.seats - 1

    @property
    def has_check_in_pass(self):
        """Only a confirmed place is shown at the door: a waitlisted or cancelled registration
        gets no code to show."""
        return self.status in (Status.CONFIRMED, Status.ATTENDED)

    @property
    def takes_part_online(self):
        """A confirmed (or attended) place in an online quota: only such a person is given the
        event's online meeting link (their mails, their page, their own calendar file); a
        waiting place is not a place yet, and an on-site one needs no link."""
        return self.quota.mode == EventPage.Attendance.ONLINE and self.has_check_in_pass

    @property
    def is_live(self):
        return self.status in LIVE

    @property
    def token_purpose(self):
        """Links are per registration: one registration's link never opens another, even of
        the same person."""
        return f"event:{self.reference.hex}"  # fits AccessToken.purpose (100)

    @property
    def feedback_token_purpose(self):
        """The questionnaire's link opens only the questionnaire: it may sit in a mailbox long
        after the event, and need not be able to cancel or change the registration; nor does
        the registration's link open the questionnaire."""
        return f"feedback:{self.reference.hex}"
