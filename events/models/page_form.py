"""The event page's editor form: what it refuses before a save would lose what people hold
(a place type or a track they chose, a date a track names)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm


class EventPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._offer_saved_sessions()

    def _offer_saved_sessions(self):
        """A track names one of this page's saved sessions: Wagtail cannot nest the tracks'
        panel in the sessions' one, so the choice is among the sessions as last saved (a new
        page has none yet: its help text says to save the dates first)."""
        from events.models.sessions import EventSession

        tracks = self.formsets.get("session_tracks")
        if tracks is None:
            return
        sessions = EventSession.objects.filter(page_id=self.instance.pk or 0)
        # A subclass per form: the formset's form class is shared by every request.
        tracks.form = type(tracks.form.__name__, (tracks.form,), {})
        tracks.form.base_fields["session"].queryset = sessions

    def clean(self):
        cleaned_data = super().clean()
        self._clean_tracks()
        quotas = self.formsets.get("quotas")
        for form in quotas.deleted_forms if quotas else []:
            if form.instance.pk and form.instance.registrations.exists():
                form.add_error(
                    None,
                    _(
                        "People are registered for “%(quota)s”: cancel or move them before "
                        "removing it."
                    )
                    % {"quota": form.instance},
                )
                self.add_error(None, _("A place type that people hold cannot be removed."))
        return cleaned_data

    def _clean_tracks(self):
        """A track names a session of this page that stays; a track that people chose is not
        removed (their choice would go with it), nor is the session it belongs to."""
        tracks, sessions = self.formsets.get("session_tracks"), self.formsets.get("sessions")
        if tracks is None:
            return
        removed = {f.instance.pk for f in (sessions.deleted_forms if sessions else [])}
        for form in tracks.forms:
            track = form.instance
            if form in tracks.deleted_forms:
                if track.pk and track.choices.exists():
                    form.add_error(
                        None,
                        _(
                            "People chose “%(track)s”: cancel their registrations or move them "
                            "to another track before removing it."
                        )
                        % {"track": track},
                    )
                    self.add_error(None, _("A track that people chose cannot be removed."))
                continue
            session = getattr(form, "cleaned_data", {}).get("session")
            if session is None:
                continue
            if session.page_id != self.instance.pk:
                form.add_error("session", _("Choose one of this event's dates and times."))
            elif session.pk in removed:
                form.add_error(
                    "session",
                    _("This date is being removed: remove its tracks first, or keep the date."),
                )
