import secrets
import uuid
from datetime import timedelta

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.contrib.routable_page.models import path as route
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Orderable, Page
from wagtail.search import index

from cms.core.blocks import BodyBlock
from cms.core.outbox import OutboxMessage
from events.capacity import LIVE, SeatClaim, SeatPool, Status, WaitlistPolicy


class SpeakerBlock(blocks.StructBlock):
    role = blocks.CharBlock(label=_("Role"), max_length=60, help_text=_("e.g. 講師, 登壇者, 司会"))
    name = blocks.CharBlock(label=_("Name"), max_length=100)
    affiliation = blocks.CharBlock(label=_("Affiliation"), max_length=200, required=False)


class ProgrammeSlotBlock(blocks.StructBlock):
    starts_at = blocks.TimeBlock(label=_("Time"), required=False)
    minutes = blocks.IntegerBlock(label=_("Minutes"), min_value=1, max_value=24 * 60)
    segment = blocks.CharBlock(label=_("Segment"), max_length=200)
    speakers = blocks.ListBlock(SpeakerBlock(), label=_("Speakers"), default=[])

    class Meta:
        icon = "time"
        template = "events/blocks/programme_slot.html"


class EventIndexPage(RoutablePageMixin, Page):
    """Where residents find events: upcoming and past, with filters."""

    intro = models.CharField(_("introduction"), max_length=300, blank=True)

    subpage_types = ["events.EventPage"]
    content_panels = [*Page.content_panels, "intro"]

    class Meta:
        verbose_name = _("event index")

    def get_context(self, request, *args, **kwargs):
        from events.views import event_listing

        context = super().get_context(request, *args, **kwargs)
        context.update(event_listing(self, request))
        return context

    # Not "calendar.ics": Wagtail's page URLs only allow letters, digits, - and _ in a segment.
    @route("calendar/", name="calendar")
    def calendar(self, request):
        from events.feeds import index_calendar

        return index_calendar(request, self)


class EventPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
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


def not_over(now):
    """Events still to come or still running at `now`: what the lists call "upcoming"."""
    return Q(starts_at__gte=now) | Q(ends_at__gte=now)


class EventPage(RoutablePageMixin, Page):
    """A symposium, lecture, workshop, 交流会 or trade fair: what, when, where, and who may come."""

    class Category(models.TextChoices):
        SYMPOSIUM = "symposium", _("Symposium")
        LECTURE = "lecture", _("Lecture or study session")
        WORKSHOP = "workshop", _("Workshop")
        GATHERING = "gathering", _("Get-together (交流会)")
        FAIR = "fair", _("Trade fair")
        CONSULTATION = "consultation", _("Consultation day")

    class Attendance(models.TextChoices):
        ONSITE = "onsite", _("On site")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("On site and online")

    class WaitlistMode(models.TextChoices):
        AUTOMATIC = "automatic", _("Confirm the next in line automatically")
        OFFER = "offer", _("Offer the place for a limited time")

    summary = models.CharField(_("summary"), max_length=300)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    topics = ParentalManyToManyField(
        "core.Topic", verbose_name=_("fields and target groups"), blank=True
    )
    organiser = models.ForeignKey(
        "directory.MemberOrganisationPage",
        verbose_name=_("organiser"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    co_organisers = ParentalManyToManyField(
        "directory.MemberOrganisationPage",
        verbose_name=_("co-organisers"),
        blank=True,
        related_name="+",
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    attendance = models.CharField(
        _("how people take part"),
        max_length=10,
        choices=Attendance.choices,
        default=Attendance.ONSITE,
    )
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    venue_address = models.CharField(_("venue address"), max_length=300, blank=True)
    area = models.CharField(
        _("area"), max_length=100, blank=True, help_text=_("The town or district, for filters.")
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    online_url = models.URLField(
        _("online meeting link"),
        blank=True,
        help_text=_("Sent only to confirmed registrants; never shown on the page."),
    )
    fee = models.CharField(
        _("fee"), max_length=200, blank=True, help_text=_("e.g. 無料, 資料代300円")
    )
    sign_language = models.BooleanField(_("sign language interpretation (手話通訳)"), default=False)
    captioning = models.BooleanField(_("summary writing (要約筆記)"), default=False)
    childcare = models.BooleanField(_("childcare (託児)"), default=False)
    wheelchair_seats = models.BooleanField(_("wheelchair seats"), default=False)
    support_note = models.CharField(
        _("other support"),
        max_length=300,
        blank=True,
        help_text=_("How to ask for it, and by when."),
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    waitlist_enabled = models.BooleanField(_("waitlist when full"), default=True)
    waitlist_mode = models.CharField(
        _("when a place frees up"),
        max_length=10,
        choices=WaitlistMode.choices,
        default=WaitlistMode.AUTOMATIC,
    )
    offer_hours = models.PositiveSmallIntegerField(
        _("hours to accept an offered place"), default=48
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder, days before"), default=2, help_text=_("0 sends no reminder.")
    )
    discreet = models.BooleanField(
        _("discreet"),
        default=False,
        help_text=_(
            "For sensitive events (e.g. a 心の相談会): e-mail subjects say only 'ご予約' and the "
            "platform's name."
        ),
    )
    cancelled_at = models.DateTimeField(
        _("event cancelled"),
        null=True,
        blank=True,
        help_text=_("Publishing with this set cancels every registration and tells each person."),
    )
    programme = StreamField(
        [("slot", ProgrammeSlotBlock(label=_("Time slot")))],
        verbose_name=_("programme"),
        blank=True,
    )
    # After the event (questionnaire, recording).
    questionnaire = models.BooleanField(
        _("send a satisfaction questionnaire"),
        default=True,
        help_text=_("Mailed to the people who attended, a few hours after the event ends."),
    )
    recording_url = models.URLField(
        _("recording"), blank=True, help_text=_("Shown on the page once the event has ended.")
    )
    recording_captioned = models.BooleanField(_("the recording has captions"), default=False)
    # Platform meetings (events.meetings): members only.
    members_only = models.BooleanField(
        _("members' meeting"),
        default=False,
        help_text=_(
            "A platform meeting (PF会議, 分科会): only accounts of invited member organisations "
            "and staff can see it and register. It never appears in public lists or search."
        ),
    )
    invited_tiers = ParentalManyToManyField(
        "directory.MembershipTier",
        verbose_name=_("invited membership tiers"),
        blank=True,
        related_name="+",
        help_text=_("Publishing mails an invitation to every active member of these tiers."),
    )
    agenda = RichTextField(
        _("agenda"), blank=True, features=["bold", "link", "ol", "ul", "h3", "document-link"]
    )
    minutes = RichTextField(
        _("minutes"), blank=True, features=["bold", "link", "ol", "ul", "h3", "document-link"]
    )
    # Kept from the sessions on every save, so that lists sort and filter without a join.
    starts_at = models.DateTimeField(_("starts"), null=True, editable=False, db_index=True)
    ends_at = models.DateTimeField(_("ends"), null=True, editable=False)

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []
    base_form_class = EventPageForm

    content_panels = [
        *Page.content_panels,
        "summary",
        FieldRowPanel(["category", "attendance"]),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(["organiser", "co_organisers"], heading=_("Organisers")),
        InlinePanel("sessions", label=_("Dates and times"), min_num=1),
        MultiFieldPanel(
            [
                "venue_name",
                "venue_address",
                "area",
                FieldRowPanel(["latitude", "longitude"]),
                "online_url",
            ],
            heading=_("Where"),
        ),
        "image",
        "body",
        "programme",
        MultiFieldPanel(
            [
                "fee",
                FieldRowPanel(["sign_language", "captioning", "childcare", "wheelchair_seats"]),
                "support_note",
            ],
            heading=_("Fee and support"),
        ),
    ]
    registration_panels = [
        InlinePanel(
            "quotas",
            label=_("Places"),
            help_text=_(
                "No places: no registration. One place type per track, or on site and online."
            ),
        ),
        FieldRowPanel(["registration_opens_at", "registration_closes_at"]),
        FieldRowPanel(["waitlist_enabled", "waitlist_mode", "offer_hours"]),
        FieldRowPanel(["reminder_days", "discreet"]),
        InlinePanel("questions", label=_("Questions for registrants")),
        "cancelled_at",
    ]
    after_panels = [
        "questionnaire",
        FieldRowPanel(["recording_url", "recording_captioned"]),
    ]
    meeting_panels = [
        "members_only",
        FieldPanel("invited_tiers", widget=forms.CheckboxSelectMultiple),
        "agenda",
        InlinePanel("meeting_materials", label=_("Materials")),
        "minutes",
        InlinePanel("action_items", label=_("Action items")),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(registration_panels, heading=_("Registration")),
            ObjectList(after_panels, heading=_("After the event")),
            ObjectList(meeting_panels, heading=_("Members' meeting")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("venue_name"),
        index.FilterField("category"),
        index.FilterField("starts_at"),
    ]

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def clean(self):
        super().clean()
        opens, closes = self.registration_opens_at, self.registration_closes_at
        if opens and closes and closes <= opens:
            raise ValidationError(
                {"registration_closes_at": _("Registration must close after it opens.")}
            )

    def save(self, *args, **kwargs):
        sessions = [s for s in self.sessions.all() if s.starts_at]
        self.starts_at = min((s.starts_at for s in sessions), default=None)
        self.ends_at = max((s.ends_at or s.starts_at for s in sessions), default=None)
        return super().save(*args, **kwargs)

    @property
    def source(self):
        """The page registrations belong to: the original-language page. A translation shows
        the same places, so that a seat is never counted twice."""
        default = Locale.get_default()
        if self.locale_id == default.pk:
            return self
        return (
            EventPage.objects.filter(translation_key=self.translation_key, locale=default).first()
            or self
        )

    def registration_state(self, now=None):
        """Why registration is or is not possible now: 'open', 'no_registration',
        'not_yet_open', 'closed', 'cancelled' or 'past'."""
        now = now or timezone.now()
        if self.cancelled_at:
            return "cancelled"
        if self.starts_at and now >= self.starts_at:
            return "past"
        if self.registration_opens_at and now < self.registration_opens_at:
            return "not_yet_open"
        if self.registration_closes_at and now >= self.registration_closes_at:
            return "closed"
        return "open"

    @property
    def seats_left(self):
        """Places left over all quotas, from the annotations of `views.annotate_availability`."""
        return max((self.seats_offered or 0) - self.seats_held, 0)

    @property
    def support_offered(self):
        return [
            label
            for flag, label in (
                (self.sign_language, _("Sign language interpretation")),
                (self.captioning, _("Summary writing (captions)")),
                (self.childcare, _("Childcare")),
                (self.wheelchair_seats, _("Wheelchair seats")),
            )
            if flag
        ]

    def get_context(self, request, *args, **kwargs):
        from events.views import event_context

        context = super().get_context(request, *args, **kwargs)
        context.update(event_context(self, request, kwargs.get("form")))
        return context

    def serve(self, request, *args, **kwargs):
        from events.meetings import meeting_access_denied

        return meeting_access_denied(self, request) or super().serve(request, *args, **kwargs)

    @property
    def has_ended(self):
        return self.ends_at is not None and self.ends_at <= timezone.now()

    @route("")
    def index_route(self, request, *args, **kwargs):
        from events.views import event_page

        return event_page(request, self)

    @route("registered/")
    def registered(self, request):
        from events.views import registered

        return registered(request, self)

    @route("flyer/", name="flyer")
    def flyer(self, request):
        from events.views import flyer

        return flyer(request, self)

    @route("calendar/", name="calendar")
    def calendar(self, request):
        from events.feeds import event_calendar

        return event_calendar(request, self)


class EventSession(Orderable):
    """One meeting of an event; a series has several."""

    page = ParentalKey(EventPage, related_name="sessions", on_delete=models.CASCADE)
    title = models.CharField(_("title"), max_length=200, blank=True, help_text=_("e.g. 第1回"))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
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
        return self.title or str(self.starts_at)


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


class Quota(SeatPool, Orderable):
    """A kind of place with its own capacity: on site or online, one track of a workshop, one
    date of a repeated session. Every registration holds seats in exactly one quota."""

    page = ParentalKey(EventPage, related_name="quotas", on_delete=models.CASCADE)
    label = models.CharField(
        _("label"),
        max_length=100,
        blank=True,
        help_text=_(
            "Shown to registrants when there is a choice, e.g. 会場参加, ピアサポート分科会."
        ),
    )
    mode = models.CharField(
        _("attendance"),
        max_length=10,
        choices=[
            (EventPage.Attendance.ONSITE, _("On site")),
            (EventPage.Attendance.ONLINE, _("Online")),
        ],
        default=EventPage.Attendance.ONSITE,
    )

    panels = [FieldRowPanel(["label", "mode", "capacity"])]

    class Meta(Orderable.Meta):
        verbose_name = _("places")
        verbose_name_plural = _("places")

    def __str__(self):
        return self.label or self.get_mode_display()

    def seat_claims(self):
        return Registration.objects.filter(quota=self)

    def waitlist_policy(self):
        event = EventPage.objects.only(
            "waitlist_enabled", "waitlist_mode", "offer_hours", "starts_at"
        ).get(pk=self.page_id)
        offer = None
        if event.waitlist_mode == EventPage.WaitlistMode.OFFER:
            offer = timedelta(hours=event.offer_hours or 1)
        return WaitlistPolicy(
            enabled=event.waitlist_enabled, offer_period=offer, closes_at=event.starts_at
        )

    def claim_changed(self, claim, previous_status):
        from events.services import notify_status_change

        notify_status_change(claim, previous_status)


class Question(Orderable):
    """A question the editor asks registrants of one event."""

    class Kind(models.TextChoices):
        SHORT_TEXT = "short_text", _("Short text")
        LONG_TEXT = "long_text", _("Long text")
        SINGLE_CHOICE = "single_choice", _("Single choice")
        MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
        CHECKBOX = "checkbox", _("Checkbox")

    page = ParentalKey(EventPage, related_name="questions", on_delete=models.CASCADE)
    label = models.CharField(_("question"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    choices = models.TextField(_("choices"), blank=True, help_text=_("One per line."))
    required = models.BooleanField(_("required"), default=False)

    panels = [FieldRowPanel(["label", "kind", "required"]), "choices"]

    class Meta(Orderable.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def clean(self):
        if self.kind in (self.Kind.SINGLE_CHOICE, self.Kind.MULTIPLE_CHOICE) and not self.options:
            raise ValidationError({"choices": _("Give at least one choice.")})

    @property
    def options(self):
        return [line.strip() for line in (self.choices or "").splitlines() if line.strip()]

    def __str__(self):
        return self.label


# Check-in codes are read aloud and typed by hand when a scanner fails: no 0/O, 1/I/L.
CHECK_IN_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CHECK_IN_LENGTH = 16  # about 79 bits: codes never collide and cannot be guessed


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

    class Kind(models.TextChoices):
        CONFIRMED = "confirmed", _("Registration confirmed")
        WAITLISTED = "waitlisted", _("On the waitlist")
        PROMOTED = "promoted", _("Moved up from the waitlist")
        OFFERED = "offered", _("Place offered")
        CANCELLED = "cancelled", _("Registration cancelled")
        EVENT_CANCELLED = "event_cancelled", _("Event cancelled")
        REMINDER = "reminder", _("Reminder")
        ANNOUNCEMENT = "announcement", _("Message from the organisers")

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="messages"
    )
    announcement = models.ForeignKey(
        Announcement, null=True, blank=True, on_delete=models.CASCADE, related_name="messages"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)

    delivery_task = "events.tasks.deliver_message"
    undelivered_related = ("registration__person", "registration__event")

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


class CalendarSource(models.Model):
    """An outside iCalendar feed whose events are mirrored into an event index, so that a
    member organisation that keeps its calendar elsewhere does not type its events twice.
    `events.imports.import_source` fetches it on a schedule (migration 0006)."""

    name = models.CharField(_("name"), max_length=200, help_text=_("Shown as “imported from …”."))
    url = models.URLField(_("iCal address"), max_length=500)
    organisation = models.ForeignKey(
        "directory.MemberOrganisationPage",
        verbose_name=_("member organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Leave empty for the secretariat's own calendar."),
    )
    index = models.ForeignKey(
        EventIndexPage,
        verbose_name=_("event index"),
        on_delete=models.CASCADE,
        related_name="calendar_sources",
        help_text=_("Where the imported events are listed."),
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_fetched_at = models.DateTimeField(_("last fetched"), null=True, blank=True, editable=False)
    last_ok_at = models.DateTimeField(_("last read"), null=True, blank=True, editable=False)
    last_error = models.TextField(_("last error"), blank=True, editable=False)

    class Meta:
        verbose_name = _("imported calendar")
        verbose_name_plural = _("imported calendars")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ImportedEvent(models.Model):
    """One occurrence read from a CalendarSource, keyed by (UID, RECURRENCE-ID) so that the next
    fetch updates or removes it. Never a page: it is not edited here, only mirrored."""

    source = models.ForeignKey(
        CalendarSource, on_delete=models.CASCADE, related_name="imported_events"
    )
    uid = models.CharField(max_length=255)
    recurrence_id = models.CharField(max_length=64, blank=True)
    title = models.CharField(_("title"), max_length=255)
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    all_day = models.BooleanField(default=False)
    location = models.CharField(_("location"), max_length=255, blank=True)
    url = models.URLField(max_length=500, blank=True)
    description = models.TextField(blank=True)
    status = models.CharField(max_length=20, default="CONFIRMED")
    sequence = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("imported event")
        verbose_name_plural = _("imported events")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "uid", "recurrence_id"], name="events_imported_event_key"
            )
        ]

    def __str__(self):
        return self.title


# Models kept in their own modules, registered with the app here.
from events.feedback import Feedback, FeedbackRequest  # noqa: E402, F401
from events.meetings import ActionItem, MeetingInvitation, MeetingMaterial  # noqa: E402, F401
