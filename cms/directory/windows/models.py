"""Consultation windows (相談窓口): phone lines, LINE, chats and counters where people can ask."""

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from cms.core.models import platform_field
from cms.core.text import normalise
from cms.directory.windows import opening

STALE_AFTER = dt.timedelta(days=365)


def _dialable(line):
    match = _NUMBER.search(normalise(line))
    return match.group(0).replace("-", "") if match else ""


# Three digits at least: the national short numbers (189 児童相談所虐待対応ダイヤル, #7110) too.
_NUMBER = re.compile(r"[#+]?\d[\d-]{1,}\d")


class AgeBand(models.TextChoices):
    """The ages the navigator asks about and a window may be limited to."""

    CHILD = "child", _("Under 18")
    YOUNG = "young", _("18 to 29")
    ADULT = "adult", _("30 to 64")
    OLDER = "older", _("65 and over")


# The field that limits a window to each age band.
AGE_FIELDS = {
    AgeBand.CHILD: "for_children",
    AgeBand.YOUNG: "for_young_adults",
    AgeBand.ADULT: "for_adults",
    AgeBand.OLDER: "for_older_people",
}


# The directory's "who for" filter (issue 21): each choice, its label and the field ticking a
# window as only for them.
WHO_FOR = {
    "children": (AgeBand.CHILD.label, "for_children"),
    "young": (_("Young adults (18 to 29)"), "for_young_adults"),
    "adults": (_("Adults (30 to 64)"), "for_adults"),
    "older": (_("Older people (65 and over)"), "for_older_people"),
    "foreign": (_("Foreign residents"), "for_foreign_residents"),
    "carers": (_("People caring for a family member"), "for_carers"),
}
_ONLY_FOR = [field for _label, field in WHO_FOR.values()]


class ConsultationWindowQuerySet(models.QuerySet):
    def usable_by(self, who):
        """The windows the people `who` (a key of WHO_FOR) may use, those ticked as only for
        them first: the ones for anyone and the ones ticked for them (a line for children, for
        children), as the navigator's `fits` decides for a person of whom only this is known."""
        field = WHO_FOR[who][1]
        anyone = models.Q(**{name: False for name in _ONLY_FOR})
        return self.filter(models.Q(**{field: True}) | anyone).order_by(
            models.Case(models.When(**{field: True}, then=0), default=1),
            *(self.query.order_by or self.model._meta.ordering),
        )

    def not_verified_since(self, days=365):
        """Entries nobody has checked for `days`: numbers and hours change without notice."""
        cutoff = timezone.localdate() - dt.timedelta(days=days)
        return self.filter(models.Q(last_verified__lt=cutoff) | models.Q(last_verified=None))

    def shown_on(self, site):
        """The windows residents of `site`'s platform see: its own and the nationwide ones
        (never another platform's). Takes the site, which a request has already looked up, so
        that scoping costs a join rather than a query."""
        return self.filter(models.Q(platform__site=site) | models.Q(nationwide=True))


class ConsultationWindow(TranslatableMixin, index.Indexed, ClusterableModel):
    class AreaLevel(models.TextChoices):
        NATIONAL = "national", _("Nationwide")
        PREFECTURE = "prefecture", _("Prefecture")
        CITY = "city", _("City or town")

    platform = platform_field()
    nationwide = models.BooleanField(
        _("nationwide"),
        default=False,
        help_text=_(
            "A national line (よりそいホットライン, #いのちSOS…) shown on every platform. "
            "Only an administrator may set it or change such a window."
        ),
    )
    name = models.CharField(_("name"), max_length=200)
    operator = models.CharField(_("run by"), max_length=200, blank=True)
    summary = models.CharField(_("what you can talk about"), max_length=300, blank=True)
    topics = ParentalManyToManyField(
        "core.Topic",
        verbose_name=_("support fields"),
        blank=True,
        limit_choices_to={"kind": "field"},
        related_name="+",
    )
    target_groups = ParentalManyToManyField(
        "core.Topic",
        verbose_name=_("for whom"),
        blank=True,
        limit_choices_to={"kind": "group"},
        related_name="+",
    )
    by_phone = models.BooleanField(_("phone"), default=False)
    by_line = models.BooleanField(_("LINE"), default=False)
    by_chat = models.BooleanField(_("chat"), default=False)
    by_mail = models.BooleanField(_("e-mail"), default=False)
    by_visit = models.BooleanField(_("in person"), default=False)
    phone_numbers = models.TextField(
        _("phone numbers"), blank=True, help_text=_("One number per line, with a note if needed.")
    )
    url = models.URLField(_("web page"), blank=True)
    hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    is_24h = models.BooleanField(_("open 24 hours"), default=False)
    closed_on_holidays = models.BooleanField(
        _("closed on public holidays"),
        default=False,
        help_text=_(
            "On a public holiday (振替休日 included) the window is shown as closed all day, "
            "whatever its rows of hours say. Not for 年末年始: say that in the note."
        ),
    )
    is_free = models.BooleanField(_("free of charge"), default=True)
    anonymous_ok = models.BooleanField(_("anonymous OK"), default=False)
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    area_level = models.CharField(
        _("area"), max_length=20, choices=AreaLevel.choices, default=AreaLevel.CITY
    )
    area_name = models.CharField(_("area name"), max_length=100, blank=True)
    address = models.CharField(
        _("address of the counter"),
        max_length=200,
        blank=True,
        help_text=_("Where people go when it is reached in person."),
    )
    # Who it is for (issue 21): nothing ticked is anyone. The navigator leaves out a window
    # whose ticks do not fit the person (an under-18 line for a 65-year-old); the target groups
    # above only say what it knows about, and rank, never exclude.
    for_children = models.BooleanField(_("children (under 18)"), default=False)
    for_young_adults = models.BooleanField(_("young adults (18 to 29)"), default=False)
    for_adults = models.BooleanField(_("adults (30 to 64)"), default=False)
    for_older_people = models.BooleanField(_("older people (65 and over)"), default=False)
    for_foreign_residents = models.BooleanField(
        _("foreign residents"),
        default=False,
        help_text=_("Whatever their age, when ticked with ages."),
    )
    for_carers = models.BooleanField(
        _("people caring for a family member"),
        default=False,
        help_text=_("Whatever their age, when ticked with ages."),
    )
    gender = models.CharField(
        _("gender"),
        max_length=10,
        blank=True,
        choices=[("", _("Anyone")), ("women", _("Women only")), ("men", _("Men only"))],
    )
    last_verified = models.DateField(
        _("last verified"),
        null=True,
        blank=True,
        help_text=_("The day someone checked the number and hours with the operator."),
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    objects = ConsultationWindowQuerySet.as_manager()

    panels = [
        "platform",
        "nationwide",
        "name",
        "operator",
        "summary",
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        FieldPanel("target_groups", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldRowPanel(["by_phone", "by_line", "by_chat", "by_mail", "by_visit"]),
                "phone_numbers",
                "url",
                "address",
            ],
            heading=_("How to reach it"),
            help_text=_(
                "At least one way in that works: a number for a phone line, the address where "
                "a chat or LINE conversation starts, a counter's address and hours."
            ),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    ["for_children", "for_young_adults", "for_adults", "for_older_people"]
                ),
                FieldRowPanel(["for_foreign_residents", "for_carers"]),
                "gender",
            ],
            heading=_("Only for"),
            help_text=_(
                "Leave everything unticked for a window anyone may use. Ticked: only people "
                "of the ticked ages, or the foreign residents or carers ticked, see it in the "
                "navigator."
            ),
        ),
        MultiFieldPanel(
            [
                "is_24h",
                InlinePanel("opening_hours", label=_("Opening hours (Tokyo time)")),
                "closed_on_holidays",
                "hours",
            ],
            heading=_("When it answers"),
            help_text=_(
                "Rows of days and times tell residents whether it is open now; the note "
                "(「受付は終了の30分前まで」) is shown beside them."
            ),
        ),
        MultiFieldPanel(["is_free", "anonymous_ok", "languages"], heading=_("Conditions")),
        FieldRowPanel(["area_level", "area_name"]),
        "last_verified",
        "sort_order",
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("operator"),
        index.SearchField("summary"),
        index.SearchField("hours"),
        # the admin's search runs on the list scoped to the staff's platforms
        index.FilterField("platform"),
        index.FilterField("nationwide"),
    ]
    # The numbers are the same in every language; a translator may still override them to
    # translate a line's note (「女性専用」).
    override_translatable_fields = [SynchronizedField("phone_numbers", overridable=True)]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("consultation window")
        verbose_name_plural = _("consultation windows")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        """A window must have a way in that works (issue 21: a chat shown on the home page had
        no address to start it): every way ticked with what it needs, and one way at least."""
        super().clean()
        errors = {}
        if self.by_phone and not self.has_number:
            errors["phone_numbers"] = _("Give a number to call: the window is reached by phone.")
        if (self.by_chat or self.by_line) and not self.url:
            errors["url"] = _("Give the address where the chat or the LINE conversation starts.")
        if self.by_visit and not self.address.strip():
            errors["address"] = _("Give the address of the counter people can visit.")
        if self.by_visit and not (self.hours.strip() or self.is_24h or self._has_rows()):
            errors["hours"] = _("Give the hours when the counter is open.")
        if errors:
            raise ValidationError(errors)
        if not self.ways_in:
            raise ValidationError(
                _(
                    "Say how people reach this window: by phone with a number, by chat, LINE or "
                    "a web form with its address, or at a counter with its address and hours."
                )
            )

    @property
    def ways_in(self):
        """The ways ticked that people can use as they are entered."""
        counter = bool(self.address.strip()) and bool(
            self.hours.strip() or self.is_24h or self._has_rows()
        )
        ways = {
            "phone": self.by_phone and self.has_number,
            "line": self.by_line and bool(self.url),
            "chat": self.by_chat and bool(self.url),
            "mail": self.by_mail and bool(self.url),
            "visit": self.by_visit and counter,
        }
        return [way for way, works in ways.items() if works]

    @property
    def starts_online(self):
        """How a conversation starts at its address, for the button on the window's card and
        page (issue 21: the chat shown first on the home page had no address to start it):
        "line", "chat" or "mail" (a web form), in that order, or None. The one address serves
        all three, so the button names the way people most likely want."""
        if not self.url:
            return None
        ticked = {"line": self.by_line, "chat": self.by_chat, "mail": self.by_mail}
        return next((way for way, on in ticked.items() if on), None)

    def _has_rows(self):
        # the editor's rows, before they are on the window (ConsultationWindowForm)
        given = getattr(self, "rows_in_form", None)
        return given if given is not None else bool(self.opening_hours.all())

    def is_open(self, at=None):
        """True, False, or None when only free-text hours say (cms.directory.windows.opening)."""
        return opening.is_open(self, at)

    @property
    def open_now(self):
        return self.is_open()

    @property
    def hours_today(self):
        return opening.today(self)

    @property
    def closed_for_holiday(self):
        """True today when it is a public holiday and the window is closed on them."""
        return opening.closed_for_holiday(self)

    @property
    def has_number(self):
        return any(number["tel"] for number in self.phone_list)

    @property
    def age_bands(self):
        """The age bands the window is limited to; empty: every age."""
        return {band for band, name in AGE_FIELDS.items() if getattr(self, name)}

    @property
    def for_whom(self):
        """Who the window is only for, in words (「18歳未満」「女性のみ」); empty: anyone."""
        names = [
            self._meta.get_field(field).verbose_name for field in _ONLY_FOR if getattr(self, field)
        ]
        if self.gender:
            names.append(self.get_gender_display())
        return names

    @property
    def phone_list(self):
        """Each line as typed, with the dialable number for a tel: link (「0120-279-338（…）」)."""
        lines = [line.strip() for line in self.phone_numbers.splitlines() if line.strip()]
        return [{"text": line, "tel": _dialable(line)} for line in lines]

    @property
    def channels(self):
        names = {
            "phone": pgettext_lazy("channel", "phone"),
            "line": pgettext_lazy("channel", "LINE"),
            "chat": pgettext_lazy("channel", "chat"),
            "mail": pgettext_lazy("channel", "e-mail"),
            "visit": pgettext_lazy("channel", "in person"),
        }
        return [label for key, label in names.items() if getattr(self, f"by_{key}")]

    @property
    def needs_verification(self):
        return self.last_verified is None or (
            timezone.localdate() - self.last_verified > STALE_AFTER
        )

    def get_url(self):
        """The window's page, under its own language's prefix whatever language is active."""
        with translation.override(self.locale.language_code):
            return reverse("navigator:window", args=[self.pk])


class OpeningHours(Orderable):
    """A row of a window's weekly hours, in Tokyo time: the same in every language (synced)."""

    DAYS = [
        ("daily", _("Every day")),
        ("weekdays", _("Weekdays (Mon–Fri)")),
        ("weekends", _("Saturdays and Sundays")),
        ("mon", _("Monday")),
        ("tue", _("Tuesday")),
        ("wed", _("Wednesday")),
        ("thu", _("Thursday")),
        ("fri", _("Friday")),
        ("sat", _("Saturday")),
        ("sun", _("Sunday")),
    ]
    window = ParentalKey(ConsultationWindow, on_delete=models.CASCADE, related_name="opening_hours")
    days = models.CharField(_("days"), max_length=10, choices=DAYS)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(
        _("closes"),
        help_text=_("Earlier than the opening time: closes the next day (22:00–6:00)."),
    )

    panels = [FieldRowPanel(["days", "opens", "closes"])]

    class Meta(Orderable.Meta):
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")

    def clean(self):
        super().clean()
        if self.opens is not None and self.opens == self.closes:
            raise ValidationError({"closes": _("Give a closing time other than the opening time.")})

    def describe(self):
        return f"{self.get_days_display()} {opening.describe(self.opens, self.closes)}"


class ConsultationWindowForm(WagtailAdminModelForm):
    """The window's editor: its rows of hours may not overlap (平日 9–17 and 月曜 16–20), and
    rows count as a counter's hours (the model's clean runs before the rows are on it)."""

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("opening_hours")
        if formset is None or not formset.is_valid():
            return cleaned
        rows = [
            (form.cleaned_data["days"], form.cleaned_data["opens"], form.cleaned_data["closes"])
            for form in formset.forms
            if form.cleaned_data.get("days") and not form.cleaned_data.get("DELETE")
        ]
        self.instance.rows_in_form = bool(rows)
        if opening.overlapping(rows):
            self.add_error(None, _("Two rows of opening hours overlap: join them into one."))
        return cleaned


ConsultationWindow.base_form_class = ConsultationWindowForm
