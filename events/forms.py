from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks

from cms.core.forms import ContactForm, MessageLanguageField, PrivacyConsentField
from cms.core.honeypot import PublicFormMixin
from cms.core.submissions import SubmissionKeyField
from events import services
from events.models import Feedback, Question
from events.queries.listing import localized_quotas
from events.queries.tracks import session_tracks
from events.services import MAX_COMPANIONS
from events.services.tracks import field_name


class RegistrationForm(ContactForm):
    """Registering without an account. Built per event: its places and its questions."""

    help_texts = {"email": _("We send the confirmation and your private link here.")}
    companions = forms.IntegerField(
        label=_("Companions"),
        min_value=0,
        max_value=MAX_COMPANIONS,
        initial=0,
        widget=forms.Select,
        help_text=_("People coming with you; each takes a place."),
    )
    language = MessageLanguageField()
    quota = forms.TypedChoiceField(
        label=_("How you take part"), coerce=int, widget=forms.RadioSelect
    )
    consent = PrivacyConsentField(
        label=_("I agree to the privacy notice."),
        error_messages={"required": _("Please agree to the privacy notice to register.")},
    )
    submission_key = SubmissionKeyField()

    def __init__(self, *args, event, staff=False, tracks=None, **kwargs):
        super().__init__(*args, staff=staff, **kwargs)
        self.event = event
        quotas = localized_quotas(event, list(event.source.quotas.all()))
        self.fields["quota"].choices = [(q.pk, str(q)) for q in quotas]
        if len(quotas) == 1:
            self.fields["quota"].widget = forms.HiddenInput()
            self.fields["quota"].initial = quotas[0].pk
        if staff:
            del self.fields["consent"]
        # The event's own limit is the service's to refuse (staff may go beyond it with a
        # reason); the list offers what it allows, and keeps a larger number that was sent.
        offered = MAX_COMPANIONS if staff else min(event.source.max_companions, MAX_COMPANIONS)
        self.fields["companions"].widget.choices = companion_choices(
            offered, self.data.get(self.add_prefix("companions")) if self.is_bound else None
        )
        # Fields other apps add for their registration checks (a course's certificate number).
        self.evidence_fields = []
        for fields_for in hooks.get_hooks("event_registration_fields"):
            for name, field in (fields_for(event.source) or {}).items():
                self.fields[name] = field
                self.evidence_fields.append(name)
        self.questions = list(event.source.questions.all())
        for question in self.questions:
            self.fields[f"q{question.pk}"] = self.question_field(question)
        # One group of tracks per session that has them, after the places.
        self.track_sessions = []
        self.show_tracks(session_tracks(event) if tracks is None else tracks, staff=staff)

    def show_tracks(self, rows, *, staff=False, wishes=False):
        """A radio group per session with tracks (`queries.session_tracks` rows), each track
        with its seats left; a full one is disabled, unless newcomers join the waitlist
        (`wishes`), whose choice counts only once they have a place. Called again with fresh
        rows when the page is shown after a refusal, so that the seats left are today's."""
        for row in rows:
            name = field_name(row["session"].pk)
            if name not in self.fields:
                self.fields[name] = TrackField(label=str(row["shown"]), required=not staff)
                self.track_sessions.append(row["session"].pk)
                self._tracks_after_places()
            field = self.fields[name]
            field.choices = [(t["track"].pk, track_label(t)) for t in row["tracks"]]
            field.widget.disabled_values = (
                set() if wishes else {t["track"].pk for t in row["tracks"] if t["full"]}
            )

    def _tracks_after_places(self):
        """The tracks are asked right after how one takes part, before the questions and
        the consent."""
        names = list(self.fields)
        tracks = [name for name in names if name.startswith("track_")]
        rest = [name for name in names if name not in tracks]
        at = rest.index("quota") + 1 if "quota" in rest else len(rest)
        self.fields = {name: self.fields[name] for name in [*rest[:at], *tracks, *rest[at:]]}

    @staticmethod
    def question_field(question):
        common = {"label": question.label, "required": question.required}
        options = [(o, o) for o in question.options]
        kind = question.kind
        if kind == Question.Kind.SHORT_TEXT:
            return forms.CharField(max_length=200, **common)
        if kind == Question.Kind.LONG_TEXT:
            return forms.CharField(
                max_length=2000, widget=forms.Textarea(attrs={"rows": 4}), **common
            )
        if kind == Question.Kind.SINGLE_CHOICE:
            return forms.ChoiceField(choices=options, widget=forms.RadioSelect, **common)
        if kind == Question.Kind.MULTIPLE_CHOICE:
            return forms.MultipleChoiceField(
                choices=options, widget=forms.CheckboxSelectMultiple, **common
            )
        return forms.BooleanField(**common)

    @property
    def question_fields(self):
        return [self[f"q{q.pk}"] for q in self.questions]

    def registration(self):
        """What the visitor typed, as the keyword arguments of services.register."""
        data = self.cleaned_data
        return {
            "quota": services.quota_for(self.event, data["quota"]),
            "name": data["name"],
            "name_kana": data["name_kana"],
            "email": data["email"],
            "phone": data["phone"],
            "language": data["language"],
            "companions": data["companions"],
            "answers": self.answers(),
            "submission_key": data["submission_key"],
            "evidence": {name: data.get(name) for name in self.evidence_fields},
            "tracks": self.tracks(),
        }

    def tracks(self):
        """{session id: track id} of the tracks chosen (a session left out is the service's
        to refuse, or, from staff, to leave for later)."""
        return {
            session_id: self.cleaned_data[field_name(session_id)]
            for session_id in self.track_sessions
            if self.cleaned_data.get(field_name(session_id)) not in (None, "")
        }

    def answers(self):
        """The answers as [{"question", "answer"}], the label kept with each answer so that
        an edited question does not change what someone answered."""
        return [
            {"question": q.label, "answer": self.cleaned_data.get(f"q{q.pk}")}
            for q in self.questions
        ]


class TrackSelect(forms.RadioSelect):
    """Radio buttons of which some are shown but cannot be chosen: a full track."""

    disabled_values = frozenset()

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value in self.disabled_values:
            option["attrs"]["disabled"] = True
        return option


class TrackField(forms.TypedChoiceField):
    """A session's tracks: the one chosen, by id. A value that is no track of this session
    (from an old page, or typed into the address) is a clear error, never a 400."""

    widget = TrackSelect

    def __init__(self, **kwargs):
        super().__init__(
            coerce=int,
            empty_value=None,
            error_messages={
                "required": _("Choose a track for this session."),
                "invalid_choice": _("Choose one of the tracks offered for this session."),
            },
            **kwargs,
        )


def track_label(row):
    """A track and its seats left: 「分科会A：ピアサポート（残り3席）」, 「…（満席）」."""
    track, left = row["track"], row["left"]
    if left is None:
        return str(track)
    if left == 0:
        return _("%(track)s (full)") % {"track": track}
    return ngettext("%(track)s (%(left)s place left)", "%(track)s (%(left)s places left)", left) % {
        "track": track,
        "left": left,
    }


class TracksForm(forms.Form):
    """Changing one's tracks from the private page: a group per session, as on the public
    form, the current tracks chosen."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            name = field_name(row["session_id"])
            self.fields[name] = TrackField(label=str(row["session"]), required=False)
            self.fields[name].choices = [(t["track"].pk, track_label(t)) for t in row["tracks"]]
            # The own track stays choosable when full: the person holds a seat in it.
            self.fields[name].widget.disabled_values = {
                t["track"].pk
                for t in row["tracks"]
                if t["full"] and (row["track"] is None or t["track"].pk != row["track"].pk)
            }
            if row["track"] is not None:
                self.initial[name] = row["track"].pk

    def chosen(self):
        """{session id: track id}, or the refusal of the first session that was not valid."""
        if not self.is_valid():
            name = next(iter(self.errors))
            raise services.RegistrationError("wrong_track", field=name)
        return {
            row["session_id"]: self.cleaned_data[field_name(row["session_id"])]
            for row in self.rows
            if self.cleaned_data.get(field_name(row["session_id"])) is not None
        }


def companion_choices(most, sent=None):
    """0 to `most` companions, and the number `sent` if it is a larger one the form takes,
    so that a refused choice is still the one shown."""
    numbers = list(range(most + 1))
    try:
        sent = int(str(sent))
    except ValueError:
        sent = None
    if sent is not None and most < sent <= MAX_COMPANIONS:
        numbers.append(sent)
    return [(n, n) for n in numbers]


class CompanionsForm(forms.Form):
    """Changing the number of companions from the private link: up to the event's limit, or
    fewer than a larger party staff added."""

    companions = forms.TypedChoiceField(label=_("Companions"), coerce=int)

    def __init__(self, *args, registration, **kwargs):
        super().__init__(*args, **kwargs)
        most = max(registration.event.max_companions, registration.companions)
        self.fields["companions"].choices = companion_choices(min(most, MAX_COMPANIONS))
        self.registration = registration

    def chosen(self):
        """The number chosen, or the refusal (`RegistrationError`) that says what is allowed:
        the same from the registration's private link and from my page."""
        if not self.is_valid():
            most = self.registration.event.max_companions
            code = "no_companions" if most == 0 else "too_many_companions"
            raise services.RegistrationError(code, most=most)
        return self.cleaned_data["companions"]


class FeedbackForm(PublicFormMixin, forms.Form):
    """The questionnaire after the event: a rating and a few optional questions."""

    rating = forms.TypedChoiceField(
        label=_("How satisfied were you with the event overall?"),
        coerce=int,
        choices=[
            (5, _("5 – very satisfied")),
            (4, _("4 – satisfied")),
            (3, _("3 – neither")),
            (2, _("2 – dissatisfied")),
            (1, _("1 – very dissatisfied")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose how satisfied you were, from 1 to 5.")},
    )
    heard_from = forms.ChoiceField(
        label=_("How did you hear of the event?"),
        choices=[("", "—"), *Feedback.HeardFrom.choices],
        required=False,
    )
    come_again = forms.ChoiceField(
        label=_("Would you come to a similar event?"),
        choices=Feedback.ComeAgain.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    comment = forms.CharField(
        label=_("Comments"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was good, what could be better (please write no personal details)."),
    )
