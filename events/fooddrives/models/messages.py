"""The mails to the people who pledged (through the outbox); who exported their names is in
the one export log (`cms.core.exports.logged_export`)."""

import copy
from functools import cached_property

from django.db import models
from django.utils.translation import gettext_lazy as _

from cms.core import ical
from cms.core.inline_translation import lend_words
from cms.core.outbox import OutboxMessage
from events.fooddrives.models.pledges import Pledge


class PledgeMessage(OutboxMessage):
    """A mail to the person who pledged, written in the transaction of the change it reports
    and delivered by `events.fooddrives.tasks.deliver_pledge_message`."""

    platform_path = "pledge__drive"

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
    delivery_related = (*undelivered_related, "pledge__point")
    body_template = "fooddrives/mail/message.txt"

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

    # The parts of the mail (subjects, link, calendar file) are made by the tasks module,
    # which imports this one: hence the imports at delivery.

    def still_due(self):
        from events.fooddrives.tasks import ONLY_WHILE_OPEN

        if self.kind in ONLY_WHILE_OPEN and not self.pledge.is_open:
            return "no longer pledged"
        return None

    @cached_property
    def _drive(self):
        """The drive in the language of delivery (its translation, or the original)."""
        return self.pledge.drive.localized

    @cached_property
    def _lines(self):
        """The pledge's lines, their food named in the mail's language (the translation's
        wanted food of the same translation key: cms/core/inline_translation.py)."""
        lines = list(self.pledge.lines.select_related("item"))
        drive = self._drive
        if drive.pk == self.pledge.drive_id:
            return lines
        items = lend_words([line.item for line in lines], drive.items.all())
        localized = []
        for line, item in zip(lines, items, strict=True):
            line = copy.copy(line)
            line.item = item
            localized.append(line)
        return localized

    @cached_property
    def _point(self):
        drive, point = self._drive, self.pledge.point
        if drive.pk == self.pledge.drive_id or point is None:
            return point
        return lend_words([point], drive.points.all())[0]

    def subject(self):
        from events.fooddrives.tasks import subject_of

        return f"{subject_of(self.kind)}: {self._drive.title}"

    def context(self):
        from events.fooddrives.tasks import private_link

        pledge = self.pledge
        return {
            "message": self,
            "pledge": pledge,
            "person": pledge.person,
            "drive": self._drive,
            "source": pledge.drive,
            "lines": self._lines,
            "point": self._point,
            "link": private_link(pledge, pledge.person.language),
        }

    def attachments(self):
        from events.fooddrives.tasks import CALENDAR_CANCEL_KINDS, CALENDAR_KINDS, calendar_file

        status = CALENDAR_KINDS.get(self.kind) or CALENDAR_CANCEL_KINDS.get(self.kind)
        if not status:
            return []
        ics = calendar_file(self.pledge, self._drive, self._lines, status, self._point)
        return [("food-drive.ics", ics, ical.CONTENT_TYPE)]
