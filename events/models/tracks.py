"""A workshop whose participants choose one track per session (分科会, issue 21): the tracks of
each session, with their own seats, and each registration's choice of one track per session.

Tracks are not quotas: a registration still holds its seats in one quota for the whole event
(`events.models.quotas`), and, while it holds them, also in the track it chose for every
session that has tracks. The rules (who may choose which track, and when a choice counts) are
`events.services.tracks`."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldRowPanel
from wagtail.models import Orderable

from cms.core.inline_translation import InlineTranslatable
from events.models.pages import EventPage
from events.models.registration import Registration
from events.models.sessions import EventSession


class SessionTrack(InlineTranslatable, Orderable):
    """One track of one session of an event, with its own seats. Edited on the event page
    (Wagtail cannot nest an inline panel in the sessions' one), naming one of the page's saved
    sessions. The label is translated with the page (session and capacity synced);
    registrations hold the original page's tracks, as they hold its quotas."""

    page = ParentalKey(EventPage, related_name="session_tracks", on_delete=models.CASCADE)
    # A session removed from the page takes its tracks and the choices of them along
    # (EventPageForm refuses it while people hold one of its tracks).
    session = models.ForeignKey(
        EventSession,
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="tracks",
        help_text=_(
            "One of this event's dates and times. A new date is offered here once the page "
            "has been saved: save the dates first."
        ),
    )
    label = models.CharField(_("label"), max_length=100, help_text=_("e.g. 分科会A：ピアサポート"))
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )

    panels = [FieldRowPanel(["session", "label", "capacity"])]

    class Meta(Orderable.Meta):
        unique_together = [("translation_key", "locale")]
        verbose_name = _("track")
        verbose_name_plural = _("tracks")

    def __str__(self):
        return self.label


class TrackChoice(models.Model):
    """The track a registration chose for one session: one per registration and session. It
    counts against the track's seats only while the registration holds seats."""

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="track_choices",
    )
    session = models.ForeignKey(
        EventSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="+"
    )
    # RESTRICT, as a registration's quota: removing a track that people chose is refused
    # (EventPageForm says so first), while a removed session takes its choices along.
    track = models.ForeignKey(
        SessionTrack,
        verbose_name=_("track"),
        on_delete=models.RESTRICT,
        related_name="choices",
    )
    chosen_at = models.DateTimeField(_("chosen"), auto_now=True)

    class Meta:
        verbose_name = _("track chosen")
        verbose_name_plural = _("tracks chosen")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "session"], name="events_trackchoice_one_per_session"
            )
        ]

    def __str__(self):
        return f"{self.registration_id}: {self.track}"
