"""Ibasho (居場所): places to belong, each run by a member organisation, with a recurring schedule.
The index page that lists them is in `index_page`."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from cms.core import ical
from cms.core.photos import PagePhoto
from cms.directory.ibasho import schedule

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class IbashoPage(RoutablePageMixin, PagePhoto, Page):
    """One place to belong (サロン, 子ども食堂, 通いの場 …) and when it is open."""

    class Kind(models.TextChoices):
        SALON = "salon", _("Salon")
        CAFE = "cafe", _("Café")
        CHILDREN_CAFETERIA = "children_cafeteria", _("Children's cafeteria (子ども食堂)")
        CAFETERIA_FOR_ALL = "cafeteria_for_all", _("Cafeteria for everyone (だれでも食堂)")
        COMMUNITY_CAFETERIA = "community_cafeteria", _("Community cafeteria (地域食堂)")
        GATHERING_PLACE = "gathering_place", _("Neighbourhood gathering place (通いの場)")
        LEARNING_SUPPORT = "learning_support", _("Learning support")
        ONLINE = "online", _("Online")
        OTHER = "other", _("Other")

    name_kana = models.CharField(
        _("name in kana"), max_length=200, help_text=_("The reading in hiragana.")
    )
    organisation = models.ForeignKey(
        "directory.MemberOrganisationPage",
        verbose_name=_("run by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ibasho",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    target_groups = ParentalManyToManyField(
        "core.Topic",
        verbose_name=_("for whom"),
        blank=True,
        limit_choices_to={"kind": "group"},
        related_name="+",
    )
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = RichTextField(
        _("description"), blank=True, features=["bold", "link", "ul", "ruby"]
    )
    area = models.CharField(
        _("area"), max_length=100, blank=True, help_text=_("District, e.g. 飯山地区.")
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    is_free = models.BooleanField(_("free of charge"), default=True)
    fee = models.PositiveIntegerField(_("fee in yen"), null=True, blank=True)
    fee_note = models.CharField(_("about the fee"), max_length=200, blank=True)
    booking_required = models.BooleanField(_("booking needed"), default=False)
    wheelchair_accessible = models.BooleanField(_("wheelchair accessible"), default=False)
    step_free = models.BooleanField(_("step-free entrance"), default=False)
    parking = models.BooleanField(_("parking"), default=False)
    sign_language = models.BooleanField(_("sign language (手話)"), default=False)
    languages = models.CharField(
        _("languages spoken"), max_length=200, blank=True, help_text=_("e.g. 日本語, English")
    )
    contact_phone = models.CharField(_("public phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("public e-mail"), blank=True)
    contact_url = models.URLField(_("web page"), blank=True)
    # Who the secretariat calls about this ibasho: a person, so never shown in public.
    contact_person = models.ForeignKey(
        "people.Person",
        verbose_name=_("contact person (not public)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    internal_note = models.TextField(_("note for the secretariat (not public)"), blank=True)

    parent_page_types = ["directory.IbashoIndexPage"]
    subpage_types = []
    content_panels = [
        *Page.content_panels,
        "name_kana",
        "organisation",
        "kind",
        FieldPanel("target_groups", widget=forms.CheckboxSelectMultiple),
        "summary",
        "description",
        *PagePhoto.photo_panels,
        MultiFieldPanel(
            [
                InlinePanel("schedule_rules", label=_("Regular opening")),
                InlinePanel("extra_dates", label=_("Extra date")),
                InlinePanel("cancelled_dates", label=_("Cancelled date")),
            ],
            heading=_("When it is open"),
        ),
        MultiFieldPanel(
            ["area", "address", FieldRowPanel(["latitude", "longitude"])], heading=_("Place")
        ),
        MultiFieldPanel(
            ["is_free", "fee", "fee_note", "booking_required"], heading=_("Cost and booking")
        ),
        MultiFieldPanel(
            ["wheelchair_accessible", "step_free", "parking", "sign_language", "languages"],
            heading=_("Accessibility and languages"),
        ),
        MultiFieldPanel(
            ["contact_phone", "contact_email", "contact_url"], heading=_("Public contact")
        ),
        MultiFieldPanel(["contact_person", "internal_note"], heading=_("Not public")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("name_kana"),
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("area"),
        index.SearchField("address"),
        index.FilterField("kind"),
    ]
    # The same in every language: the reading of the Japanese name, the number to call and
    # the staff's own note (wagtail-localize would offer them for translation as text).
    override_translatable_fields = [
        SynchronizedField("name_kana", overridable=False),
        SynchronizedField("contact_phone", overridable=False),
        SynchronizedField("internal_note", overridable=False),
    ]

    class Meta:
        verbose_name = _("ibasho")
        verbose_name_plural = _("ibasho")

    def clean(self):
        super().clean()
        if not self.is_free and self.fee is None and not self.fee_note:
            raise ValidationError({"fee": _("Give the fee, or mark the ibasho as free.")})
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError({"longitude": _("Give both latitude and longitude, or neither.")})

    @property
    def schedule(self):
        """The schedule as plain values; uses the prefetched rows when the list prefetched them."""
        return schedule.Schedule(
            rules=[rule.as_rule() for rule in self.schedule_rules.all()],
            cancelled=frozenset(c.date for c in self.cancelled_dates.all()),
            extra=[e.as_extra_date() for e in self.extra_dates.all()],
        )

    @cached_property
    def next_dates(self):
        return self.schedule.next_occurrences(timezone.now(), count=5)

    def opening_summary(self):
        return [rule.describe() for rule in self.schedule_rules.all()]

    # Not "calendar.ics": Wagtail's page URLs only allow letters, digits, - and _ in a segment.
    @path("calendar/", name="calendar")
    def calendar(self, request):
        """The schedule as an iCalendar feed to subscribe to: one recurring entry per regular
        opening (cancelled dates as EXDATE) and one entry per extra date."""
        return ical.calendar_response(
            request,
            version=f"{self.pk}:{self.latest_revision_id}:{self.last_published_at}",
            build=lambda: self.calendar_occurrences(request),
            name=self.title,
            filename=f"ibasho-{self.pk}.ics",
            last_modified=self.last_published_at,
        )

    def calendar_occurrences(self, request=None):
        common = {
            "summary": self.title,
            "description": self.summary,
            "location": self.address,
            "geo": (float(self.latitude), float(self.longitude))
            if self.latitude is not None
            else None,
            "url": self.get_full_url(request),
            "last_modified": self.last_published_at,
        }
        # Each entry starts at its first opening on or after first publication, so its UID,
        # DTSTART and RRULE stay the same from one poll to the next.
        anchor = timezone.localtime(self.first_published_at or timezone.now()).date()
        cancelled = sorted(c.date for c in self.cancelled_dates.all())
        for row in self.schedule_rules.all():
            rule = row.as_rule()
            first = next(
                (d for d in (anchor + dt.timedelta(days=n) for n in range(400)) if rule.matches(d)),
                None,
            )
            if first is None:
                continue
            recurrence = rule.as_rrule()
            if rule.until:
                recurrence["UNTIL"] = dt.datetime.combine(
                    rule.until, dt.time(23, 59, 59), schedule.TOKYO
                )
            yield ical.Occurrence(
                uid=ical.uid(f"{self.translation_key}-rule-{row.pk}", "ibasho"),
                start=dt.datetime.combine(first, rule.start, schedule.TOKYO),
                end=dt.datetime.combine(first, rule.end, schedule.TOKYO),
                rrule=recurrence,
                exdates=tuple(
                    dt.datetime.combine(day, rule.start, schedule.TOKYO)
                    for day in cancelled
                    if day >= first and rule.matches(day)
                ),
                **common,
            )
        for row in self.extra_dates.all():
            yield ical.Occurrence(
                uid=ical.uid(f"{self.translation_key}-extra-{row.pk}", "ibasho"),
                start=dt.datetime.combine(row.date, row.start_time, schedule.TOKYO),
                end=dt.datetime.combine(row.date, row.end_time, schedule.TOKYO),
                **common,
            )

    def public_properties(self):
        """What the GeoJSON map layer may show: public fields only, by an explicit list."""
        return {
            "title": self.title,
            "kind": self.get_kind_display(),
            "area": self.area,
            "address": self.address,
            "free": self.is_free,
            # within the site: with several sites, .url names the site's configured host
            "url": self.get_url_parts()[2],
        }


class IbashoScheduleRule(Orderable):
    """A regular opening: every week, or on some weeks of the month (第2・第4, 最終)."""

    page = ParentalKey(IbashoPage, on_delete=models.CASCADE, related_name="schedule_rules")
    weekday = models.PositiveSmallIntegerField(_("day of the week"), choices=WEEKDAYS)
    weeks = models.CharField(
        _("weeks of the month"),
        max_length=20,
        blank=True,
        help_text=_("Empty for every week; 2,4 for the 2nd and 4th; L for the last one."),
    )
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))
    until = models.DateField(_("last date"), null=True, blank=True)

    panels = [FieldRowPanel(["weekday", "weeks"]), FieldRowPanel(["start_time", "end_time"])]

    class Meta(Orderable.Meta):
        verbose_name = _("regular opening")

    def clean(self):
        super().clean()
        try:
            self.weeks = ",".join(
                "L" if w == schedule.LAST else str(w) for w in schedule.parse_weeks(self.weeks)
            )
        except ValueError as error:
            raise ValidationError(
                {"weeks": _("Use numbers 1–5 and L, separated by commas.")}
            ) from error

    def as_rule(self):
        return schedule.Rule(
            weekday=self.weekday,
            start=self.start_time,
            end=self.end_time,
            weeks=schedule.parse_weeks(self.weeks),
            until=self.until,
        )

    def describe(self):
        """「毎月第2・第4土曜 11:00–14:00」 in the visitor's language."""
        day = dict(WEEKDAYS)[self.weekday]
        weeks = schedule.parse_weeks(self.weeks)
        hours = f"{self.start_time:%H:%M}–{self.end_time:%H:%M}"
        if not weeks:
            return gettext("Every %(day)s %(hours)s") % {"day": day, "hours": hours}
        names = [gettext("last") if w == schedule.LAST else _ordinal(w) for w in weeks]
        return gettext("%(weeks)s %(day)s of the month %(hours)s") % {
            "weeks": gettext(" and ").join(names),
            "day": day,
            "hours": hours,
        }


def _ordinal(number):
    return {
        1: gettext("1st"),
        2: gettext("2nd"),
        3: gettext("3rd"),
        4: gettext("4th"),
        5: gettext("5th"),
    }[number]


class IbashoExtraDate(Orderable):
    page = ParentalKey(IbashoPage, on_delete=models.CASCADE, related_name="extra_dates")
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))

    panels = ["date", FieldRowPanel(["start_time", "end_time"])]

    def as_extra_date(self):
        return schedule.ExtraDate(self.date, self.start_time, self.end_time)


class IbashoCancelledDate(Orderable):
    page = ParentalKey(IbashoPage, on_delete=models.CASCADE, related_name="cancelled_dates")
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=100, blank=True)

    panels = ["date", "reason"]
