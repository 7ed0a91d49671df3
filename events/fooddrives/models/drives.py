"""The food drive itself: its index, its page (what is wanted, when and where), its wanted
items and its drop-off points."""

from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldRowPanel,
    InlinePanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.contrib.routable_page.models import path as route
from wagtail.fields import StreamField
from wagtail.models import Locale, Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from cms.core.blocks import BodyBlock
from cms.core.inline_translation import InlineTranslatable
from cms.core.photos import PagePhoto
from events.fooddrives.models.openings import (
    WeekdaysField,
    closed_on,
    describe_closed_dates,
    openings_label,
    parse_closed_dates,
)

#: The most of one item in one pledge or one record, whoever makes it.
MAX_QUANTITY = 1000


class FoodDriveIndexPage(Page):
    """Where residents find the food drives that take pledges now, and the past ones."""

    intro = models.CharField(_("introduction"), max_length=300, blank=True)

    subpage_types = ["fooddrives.FoodDrivePage"]
    content_panels = [*Page.content_panels, "intro"]

    class Meta:
        verbose_name = _("food drive index")

    def get_context(self, request, *args, **kwargs):
        from events.fooddrives.views import drive_listing

        context = super().get_context(request, *args, **kwargs)
        context.update(drive_listing(self, request))
        return context


class FoodDrivePageForm(WagtailAdminPageForm):
    """An item or a drop-off point that pledges point at cannot be removed: the pledges would
    lose what they promised or where."""

    def clean(self):
        cleaned_data = super().clean()
        for name, label in (
            ("items", _("People pledged “%(row)s”: it cannot be removed.")),
            ("points", _("Pledges name “%(row)s” as their drop-off point: it cannot be removed.")),
        ):
            formset = self.formsets.get(name)
            for form in formset.deleted_forms if formset else []:
                if form.instance.pk and form.instance.is_used():
                    form.add_error(None, label % {"row": form.instance})
                    self.add_error(None, label % {"row": form.instance})
        return cleaned_data


class FoodDrivePage(RoutablePageMixin, PagePhoto, Page):
    """One food drive: what is wanted and how much, where and when to bring it, for whom."""

    summary = models.CharField(_("summary"), max_length=300)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    organiser = models.ForeignKey(
        "directory.MemberOrganisationPage",
        verbose_name=_("organiser"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    beneficiaries = models.CharField(
        _("who receives the food"),
        max_length=300,
        blank=True,
        help_text=_("e.g. 市内の子ども食堂・だれでも食堂、フードバンク信州"),
    )
    collection_starts_on = models.DateField(_("first day of collection"))
    collection_ends_on = models.DateField(_("last day of collection"))
    pledges_close_at = models.DateTimeField(
        _("pledges close"),
        null=True,
        blank=True,
        help_text=_("Empty: at the end of the last day of collection."),
    )
    min_days_to_best_before = models.PositiveSmallIntegerField(
        _("days of best-before left, at least"),
        default=30,
        help_text=_(
            "Food whose best-before date is closer than this to the day it is brought is not "
            "accepted (food banks usually ask for one or two months)."
        ),
    )
    # One pledge cannot take a whole target: anyone can type any name and address.
    max_per_item = models.PositiveIntegerField(
        _("most of one kind of food in one pledge"),
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_QUANTITY)],
        help_text=_(
            "In the item's unit. Staff can record a larger pledge (a company, a school) with "
            "a reason."
        ),
    )
    conditions = models.TextField(
        _("what we can accept"),
        max_length=1000,
        blank=True,
        help_text=_("e.g. 未開封で常温保存できるもの。生鮮食品・アルコールはお受けできません。"),
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder, days before drop-off"), default=1, help_text=_("0 sends no reminder.")
    )
    cancelled_at = models.DateTimeField(
        _("food drive cancelled"),
        null=True,
        blank=True,
        help_text=_("Publishing with this set cancels every open pledge and tells each person."),
    )

    parent_page_types = ["fooddrives.FoodDriveIndexPage"]
    subpage_types = []
    base_form_class = FoodDrivePageForm

    content_panels = [
        *Page.content_panels,
        "summary",
        "organiser",
        "beneficiaries",
        FieldRowPanel(["collection_starts_on", "collection_ends_on", "pledges_close_at"]),
        *PagePhoto.photo_panels,
        "body",
    ]
    collection_panels = [
        InlinePanel(
            "items",
            label=_("Wanted food"),
            min_num=1,
            help_text=_("A target stops pledges once it is reached; leave it empty for no limit."),
        ),
        InlinePanel("points", label=_("Drop-off points"), min_num=1),
        "min_days_to_best_before",
        "max_per_item",
        "conditions",
        "reminder_days",
        "cancelled_at",
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(collection_panels, heading=_("Collection")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("beneficiaries"),
        index.FilterField("collection_ends_on"),
    ]

    class Meta:
        verbose_name = _("food drive")
        verbose_name_plural = _("food drives")

    def clean(self):
        super().clean()
        starts, ends = self.collection_starts_on, self.collection_ends_on
        if starts and ends and ends < starts:
            raise ValidationError(
                {"collection_ends_on": _("The last day of collection cannot be before the first.")}
            )

    # The pledge form needs no account: no CSRF token, so the page stays cacheable
    # (cms/core/origin.py).
    anonymous_forms = True

    @property
    def source(self):
        """The page pledges belong to: the original-language page, so that a translation
        shows the same amounts and nothing is counted twice."""
        default = Locale.get_default()
        if self.locale_id == default.pk:
            return self
        return (
            FoodDrivePage.objects.filter(
                translation_key=self.translation_key, locale=default
            ).first()
            or self
        )

    def closes_at(self):
        """When pledging ends: the set time, or midnight after the last day of collection."""
        if self.pledges_close_at:
            return self.pledges_close_at
        return timezone.make_aware(
            datetime.combine(self.collection_ends_on + timedelta(days=1), time.min)
        )

    def pledge_state(self, now=None):
        """Why pledging is or is not possible now: 'open', 'cancelled' or 'closed'."""
        now = now or timezone.now()
        if self.cancelled_at:
            return "cancelled"
        if now >= self.closes_at():
            return "closed"
        return "open"

    def get_context(self, request, *args, **kwargs):
        from events.fooddrives.views import drive_context

        context = super().get_context(request, *args, **kwargs)
        context.update(drive_context(self, request, form=kwargs.get("form")))
        return context

    @route("")
    def index_route(self, request, *args, **kwargs):
        from events.fooddrives.views import drive_page

        return drive_page(request, self)

    @route("pledged/")
    def pledged(self, request):
        from events.fooddrives.views import pledged

        return pledged(request, self)


class WantedItem(InlineTranslatable, Orderable):
    """A kind of food the drive asks for, and how much of it. Name, unit and note are
    translated; the target is synced."""

    page = ParentalKey(FoodDrivePage, related_name="items", on_delete=models.CASCADE)
    name = models.CharField(_("food"), max_length=100, help_text=_("e.g. お米, 缶詰, 乾麺"))
    unit = models.CharField(_("unit"), max_length=20, help_text=_("e.g. kg, 個, 袋, 本"))
    target = models.PositiveIntegerField(
        _("target"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    note = models.CharField(
        _("note"), max_length=200, blank=True, help_text=_("e.g. 精米・玄米どちらでも")
    )

    panels = [FieldRowPanel(["name", "unit", "target"]), "note"]

    class Meta(Orderable.Meta):
        unique_together = [("translation_key", "locale")]
        verbose_name = _("wanted food")
        verbose_name_plural = _("wanted food")

    def __str__(self):
        return self.name

    def is_used(self):
        return self.pledge_lines.exists() or self.intakes.exists() or self.distributions.exists()


class DropOffPoint(InlineTranslatable, Orderable):
    """Where and when pledged food can be brought. A point with opening days takes pledges
    for those days only (and not on its closed dates); a point without them, as every point
    made before they existed, takes pledges for any day of the collection."""

    page = ParentalKey(FoodDrivePage, related_name="points", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=200, help_text=_("e.g. 飯山市社会福祉協議会"))
    address = models.CharField(_("address"), max_length=300, blank=True)
    open_weekdays = WeekdaysField(
        _("open on"),
        blank=True,
        help_text=_(
            "Pledges are taken for these days only. None ticked: for any day of the collection."
        ),
    )
    opens_at = models.TimeField(_("opens at"), null=True, blank=True)
    closes_at = models.TimeField(
        _("closes at"),
        null=True,
        blank=True,
        help_text=_("After this time, today is no longer offered as a drop-off day."),
    )
    closed_dates = models.TextField(
        _("closed on"),
        max_length=1000,
        blank=True,
        help_text=_(
            "One date or range a line, e.g. 2027-05-03〜2027-05-05; without the year for every "
            "year, e.g. 12-29〜01-03 (年末年始)."
        ),
    )
    hours = models.CharField(
        _("note on opening hours"),
        max_length=200,
        blank=True,
        help_text=_("Shown after the opening days, e.g. 土曜は12:00まで"),
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    panels = [
        "name",
        "address",
        "open_weekdays",
        FieldRowPanel(["opens_at", "closes_at"]),
        "closed_dates",
        "hours",
        FieldRowPanel(["latitude", "longitude"]),
    ]
    # Days, times and dates are the same in every language (wagtail-localize would otherwise
    # offer the digits of the days and the dates for translation).
    override_translatable_fields = [
        SynchronizedField("open_weekdays"),
        SynchronizedField("closed_dates"),
    ]

    class Meta(Orderable.Meta):
        unique_together = [("translation_key", "locale")]
        verbose_name = _("drop-off point")
        verbose_name_plural = _("drop-off points")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        errors = {}
        if (self.opens_at is None) != (self.closes_at is None):
            errors["closes_at"] = _("Give both times, or neither.")
        elif self.opens_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("The closing time must be after the opening time.")
        if self.opens_at and not self.open_weekdays:
            errors["open_weekdays"] = _("Tick the days these times are for.")
        try:
            parse_closed_dates(self.closed_dates)
        except ValidationError as error:
            errors["closed_dates"] = error
        if errors:
            raise ValidationError(errors)

    def is_used(self):
        return self.pledges.exists()

    def closed_days(self):
        """The closed dates as the public page and the pledge's page say them."""
        return describe_closed_dates(self.closed_dates)

    def _closed_ranges(self):
        try:
            return parse_closed_dates(self.closed_dates)
        except ValidationError:
            return []  # saved before it was checked: the point is not closed by a typo

    def is_open_on(self, day):
        """Whether food can be brought on day: one of its opening days (any day without
        them) and not one of its closed dates."""
        if self.open_weekdays and str(day.weekday()) not in self.open_weekdays:
            return False
        return not closed_on(self._closed_ranges(), day)

    def has_closed_on(self, day, now):
        """Whether, at the aware datetime now, the point has closed for day (day is today
        and its closing time has passed)."""
        local = timezone.localtime(now)
        return bool(self.closes_at) and day == local.date() and local.time() >= self.closes_at

    def open_days(self, first, last, limit=14):
        """The first `limit` days from first to last on which it is open."""
        days, day = [], first
        while day <= last and len(days) < limit:
            if self.is_open_on(day):
                days.append(day)
            day += timedelta(days=1)
        return days

    @property
    def openings(self):
        """「月〜金 9:00〜17:00」, or "" for a point without opening days."""
        return openings_label(self.open_weekdays, self.opens_at, self.closes_at)

    @property
    def opening_hours(self):
        """What pages and mails show: the openings and the note, 「月〜金 9:00〜17:00（…）」."""
        if self.openings and self.hours:
            return gettext("%(openings)s (%(note)s)") % {
                "openings": self.openings,
                "note": self.hours,
            }
        return self.openings or self.hours
