"""Sponsors (協賛, 後援, 協力, 助成, individuals), the tiers a platform thanks them in, and what
they support: the platform as a whole, an event, a food drive or a course, for a period. The
relation lives here, not in `events`: events know nothing of sponsors and show them through the
"event_page_slots", "food_drive_page_slots" and "event_flyer_rows" hooks (`sponsors.wagtail_hooks`)."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from cms.core import platform as platforms
from cms.core.models import platform_field
from cms.core.text import normalise, to_hiragana


class SponsorTier(TranslatableMixin, models.Model):
    """A rank a platform thanks its sponsors in (ゴールド, シルバー, 協力…), in its order."""

    platform = platform_field()
    name = models.CharField(_("name"), max_length=100)
    sort_order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Tiers are shown from the smallest number.")
    )

    panels = ["platform", FieldRowPanel(["name", "sort_order"])]
    override_translatable_fields = [SynchronizedField("sort_order", overridable=False)]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("sponsor tier")
        verbose_name_plural = _("sponsor tiers")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = normalise(self.name)
        super().save(*args, **kwargs)


class Sponsor(TranslatableMixin, index.Indexed, models.Model):
    """A company, foundation, municipality, association or person that supports the platform."""

    platform = platform_field()

    class Kind(models.TextChoices):
        SPONSORSHIP = "sponsorship", _("Sponsorship (協賛)")
        ENDORSEMENT = "endorsement", _("Endorsement (後援)")
        COOPERATION = "cooperation", _("Cooperation (協力)")
        GRANT = "grant", _("Grant (助成)")
        INDIVIDUAL = "individual", _("Individual (個人)")

    name = models.CharField(_("name"), max_length=200)
    name_kana = models.CharField(
        _("name in kana"), max_length=200, blank=True, help_text=_("For 五十音 order.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    named_publicly = models.BooleanField(
        _("named in public"),
        default=False,
        help_text=_(
            "For an individual: shown by name only when they agreed to it; otherwise counted "
            "as an anonymous individual."
        ),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    logo_alt = models.CharField(
        _("logo text alternative"),
        max_length=200,
        blank=True,
        help_text=_("What the logo says, for screen readers; required with a logo."),
    )
    url = models.URLField(_("website"), blank=True)

    panels = [
        "platform",
        FieldRowPanel(["name", "name_kana"]),
        FieldRowPanel(["kind", "named_publicly"]),
        FieldRowPanel([FieldPanel("logo"), "logo_alt"]),
        "url",
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        # the chooser searches within the staff's platforms
        index.FilterField("platform"),
    ]
    # The reading of the Japanese name is the same in every language, and so is the consent.
    override_translatable_fields = [
        SynchronizedField("name_kana", overridable=False),
        SynchronizedField("named_publicly", overridable=False),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("sponsor")
        verbose_name_plural = _("sponsors")
        ordering = ["name_kana", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = normalise(self.name)
        self.name_kana = to_hiragana(normalise(self.name_kana or ""))
        self.logo_alt = normalise(self.logo_alt or "")
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.logo_id and not (self.logo_alt or "").strip():
            raise ValidationError(
                {"logo_alt": _("Say what the logo shows: a logo needs its text alternative.")}
            )

    @property
    def anonymous(self):
        """An individual who did not agree to be named: never named in public."""
        return self.kind == self.Kind.INDIVIDUAL and not self.named_publicly

    @property
    def alt_text(self):
        return self.logo_alt or self.name


class Sponsorship(models.Model):
    """A sponsor's support of one thing of its own platform (the platform as a whole, an event,
    a food drive or a course: exactly one), in a tier, of a kind, for a period (open at either
    end), in the order shown. Shown in public from its first day to its last (Tokyo dates)."""

    class Support(models.TextChoices):
        MONEY = "money", pgettext_lazy("support", "Money")
        GOODS = "goods", pgettext_lazy("support", "Goods")
        VENUE = "venue", pgettext_lazy("support", "Venue")
        PEOPLE = "people", pgettext_lazy("support", "People")

    sponsor = models.ForeignKey(
        Sponsor, verbose_name=_("sponsor"), on_delete=models.CASCADE, related_name="sponsorships"
    )
    tier = models.ForeignKey(
        SponsorTier,
        verbose_name=_("tier"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sponsorships",
    )
    support = models.CharField(
        _("kind of support"),
        max_length=10,
        choices=Support.choices,
        blank=True,
        help_text=_("Leave empty for a name only (後援)."),
    )
    whole_platform = models.BooleanField(
        _("the platform as a whole"),
        default=False,
        help_text=_("Tick for support of the platform rather than of one event, drive or course."),
    )
    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sponsorships",
        limit_choices_to={"locale__language_code": "ja"},
    )
    food_drive = models.ForeignKey(
        "fooddrives.FoodDrivePage",
        verbose_name=_("food drive"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to={"locale__language_code": "ja"},
    )
    course = models.ForeignKey(
        "courses.TrainingCourse",
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(
        _("to"), null=True, blank=True, help_text=_("The last day shown; empty while it lasts.")
    )
    role = models.CharField(
        _("role"),
        max_length=100,
        blank=True,
        help_text=_("Shown instead of the tier or the sponsor's kind, e.g. 特別協賛, 会場提供."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    TARGETS = ("whole_platform", "event", "food_drive", "course")

    panels = [
        "sponsor",
        FieldRowPanel(["tier", "support"]),
        MultiFieldPanel(
            ["whole_platform", "event", "food_drive", "course"], heading=_("What is sponsored")
        ),
        FieldRowPanel(["starts_on", "ends_on"]),
        FieldRowPanel(["role", "sort_order"]),
    ]

    class Meta:
        verbose_name = _("sponsorship")
        verbose_name_plural = _("sponsorships")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "sponsor"], name="sponsors_once_per_event"),
            models.CheckConstraint(
                condition=(
                    Q(whole_platform=True, event=None, food_drive=None, course=None)
                    | Q(whole_platform=False, event__isnull=False, food_drive=None, course=None)
                    | Q(whole_platform=False, event=None, food_drive__isnull=False, course=None)
                    | Q(whole_platform=False, event=None, food_drive=None, course__isnull=False)
                ),
                name="sponsorship_one_target",
            ),
            models.CheckConstraint(
                condition=Q(starts_on=None)
                | Q(ends_on=None)
                | Q(starts_on__lte=models.F("ends_on")),
                name="sponsorship_period_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.sponsor} – {self.target_label}"

    @property
    @admin.display(description=_("What is sponsored"))
    def target_label(self):
        if self.whole_platform:
            return str(_("the platform as a whole"))
        target = self.event or self.food_drive or self.course
        return str(target) if target is not None else ""

    def clean(self):
        super().clean()
        chosen = [
            name
            for name in self.TARGETS
            if getattr(self, name if name == "whole_platform" else f"{name}_id")
        ]
        if len(chosen) != 1:
            # on a field, so that the database's check of the same is not reported again
            raise ValidationError(
                {
                    "whole_platform": _(
                        "Choose exactly one of: the platform as a whole, an event, a food drive "
                        "or a course."
                    )
                }
            )
        if self.starts_on and self.ends_on and self.starts_on > self.ends_on:
            raise ValidationError({"ends_on": _("The last day cannot come before the first.")})
        if not self.sponsor_id:
            return
        platform_id = self.sponsor.platform_id
        if self.tier_id and self.tier.platform_id != platform_id:
            raise ValidationError({"tier": _("Choose a tier of the sponsor's own platform.")})
        page, field = None, chosen[0]
        if field == "event":
            page = self.event
        elif field == "food_drive":
            page = self.food_drive
        elif field == "course":
            page = self.course.event
        if page is not None:
            platform = platforms.of_page(page)
            if platform is None or platform.pk != platform_id:
                message = {
                    "event": _("Choose an event of the sponsor's own platform."),
                    "food_drive": _("Choose a food drive of the sponsor's own platform."),
                    "course": _("Choose a course of the sponsor's own platform."),
                }[field]
                raise ValidationError({field: message})


class SponsorIndexPage(Page):
    """The platform's public thanks: its current sponsors grouped by tier, in tier order."""

    intro = models.CharField(_("introduction"), max_length=300, blank=True)

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1
    content_panels = [*Page.content_panels, "intro"]

    class Meta:
        verbose_name = _("sponsors page")

    def get_context(self, request, *args, **kwargs):
        from sponsors import queries

        context = super().get_context(request, *args, **kwargs)
        context.update(queries.public_sponsors(platforms.of_page(self)))
        return context
