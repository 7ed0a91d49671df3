"""When an event happens: its sessions, and what calendar clients were last told about each."""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldRowPanel
from wagtail.models import Orderable

from events.models.pages import EventPage


class EventSession(Orderable):
    """One meeting of an event; a series has several."""

    page = ParentalKey(EventPage, related_name="sessions", on_delete=models.CASCADE)
    title = models.CharField(_("title"), max_length=200, blank=True, help_text=_("e.g. 第1回"))
    starts_at = models.DateTimeField(_("starts"))
    # Indexed for the feeds' ETag (events.feeds.feed_version), which asks on every poll for the
    # next session to end and the last one that did.
    ends_at = models.DateTimeField(_("ends"), db_index=True)
    # The session's calendar UID: stays when the page is edited, republished or translated (a
    # translation copies it), where the URL or the row's position would not.
    uid = models.UUIDField(default=uuid.uuid4, editable=False)

    panels = [FieldRowPanel(["title", "starts_at", "ends_at"])]

    class Meta(Orderable.Meta):
        verbose_name = _("date and time")
        verbose_name_plural = _("dates and times")

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A session must end after it starts.")})

    def __str__(self):
        """Its title and when it starts, in Tokyo time as people read it (what the admin's
        choices of a make-up session and the rosters show)."""
        if self.starts_at is None:
            return self.title
        when = date_format(timezone.localtime(self.starts_at), "DATETIME_FORMAT")
        return f"{self.title}（{when}）" if self.title else when


class SessionSchedule(models.Model):
    """What calendar clients were last told about a session's time, place and status.

    Kept apart from the session row because publishing a revision rewrites the session with
    the revision's copy: a counter there would go back with it. `events.services.
    record_schedule_changes` bumps `sequence` when the fingerprint changes, and only then, so
    that calendars update a changed date without alerting people for a corrected typo."""

    session = models.OneToOneField(
        EventSession, on_delete=models.CASCADE, related_name="schedule", primary_key=True
    )
    sequence = models.PositiveIntegerField(default=0)
    fingerprint = models.CharField(max_length=64)
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("session schedule")

    def __str__(self):
        return f"{self.session_id}: {self.sequence}"
