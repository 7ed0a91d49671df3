"""Event pages: the index residents browse and the event page itself, with its programme
blocks. Its sessions, places and questions are in `sessions` and `quotas`, its
editor's form in `page_form`."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
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
from wagtail.models import Locale, Page
from wagtail.search import index

from cms.core.blocks import BodyBlock
from cms.core.photos import PagePhoto
from events import capacity
from events.models.page_form import EventPageForm

#: The most companions an editor may allow on one registration; staff adding a larger party
#: go beyond an event's own limit with an override reason, never beyond this.
MAX_COMPANIONS = 9


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


def not_over(now):
    """Events still to come or still running at `now`: what the lists call "upcoming"."""
    return Q(starts_at__gte=now) | Q(ends_at__gte=now)


class EventPage(RoutablePageMixin, PagePhoto, Page):
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
    # One submission cannot take a hall's worth of seats: anyone can type any name.
    max_companions = models.PositiveSmallIntegerField(
        _("companions per registration, at most"),
        default=4,
        validators=[MaxValueValidator(MAX_COMPANIONS)],
        help_text=_(
            "How many people one registration may bring along (0 to 9). Staff can register "
            "a larger group with a reason."
        ),
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder, days before"), default=2, help_text=_("0 sends no reminder.")
    )
    discreet = models.BooleanField(
        _("discreet"),
        default=False,
        help_text=_(
            "For sensitive events (e.g. a 心の相談会): mails, calendar files and the check-in "
            "screen say only 'ご予約' and the platform's name (or the neutral title below), the "
            "date and the place, never the event's title."
        ),
    )
    discreet_title = models.CharField(
        _("neutral title"),
        max_length=100,
        blank=True,
        help_text=_(
            "Discreet events only: what mails and calendar files call the event instead of "
            "'ご予約' and the platform's name (e.g. 'ご予約（3月8日）'). Never the topic."
        ),
    )
    unlisted = models.BooleanField(
        _("keep out of lists"),
        default=False,
        help_text=_(
            "The event is not shown in the event lists, on the home page, in search or in "
            "the calendars; its page opens only for people who have its link."
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
    # Platform meetings (models.meetings, services.meetings): members only.
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
        _("agenda"),
        blank=True,
        features=["bold", "link", "ol", "ul", "h3", "document-link", "ruby"],
    )
    minutes = RichTextField(
        _("minutes"),
        blank=True,
        features=["bold", "link", "ol", "ul", "h3", "document-link", "ruby"],
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
        *PagePhoto.photo_panels,
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
        InlinePanel(
            "session_tracks",
            label=_("Tracks of a session"),
            help_text=_(
                "For a workshop whose participants choose one track (分科会) in a session: "
                "each registrant then chooses one track of every session that has tracks. "
                "Save the dates and times first: a track names one of them."
            ),
        ),
        FieldRowPanel(["registration_opens_at", "registration_closes_at"]),
        FieldRowPanel(["waitlist_enabled", "waitlist_mode", "offer_hours"]),
        FieldRowPanel(["max_companions", "reminder_days"]),
        FieldRowPanel(["discreet", "discreet_title", "unlisted"]),
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
    def kept_out_of_lists(self):
        """Unlisted (events.discreet): out of search (cms.search.index) and not indexed by
        search engines; the original-language page decides for its translations."""
        return self.source.unlisted

    @property
    def anonymous_forms(self):
        """The registration form needs no account, so the page carries no CSRF token and
        stays cacheable (cms/core/origin.py); a members' meeting's form is a logged-in
        member's, with Django's token."""
        return not self.source.members_only

    @cached_property
    def source(self):
        """The page registrations belong to: the original-language page. A translation shows
        the same places, so that a seat is never counted twice. (Kept on the instance: the
        page, its form, its seats and its sponsors all ask.)"""
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
        """Places left over all quotas, from the annotations of `queries.annotate_availability`."""
        return capacity.seats_left(self.seats_offered or 0, self.seats_held)

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
        from events.views import meeting_access_denied

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
