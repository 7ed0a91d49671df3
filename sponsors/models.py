"""Sponsors (協賛, 後援, 協力, 助成) and which events they support. The relation lives here, not in
`events`: events know nothing of sponsors and show them through the "event_page_slots" and
"event_flyer_rows" hooks (`sponsors.wagtail_hooks`)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from cms.core import platform as platforms
from cms.core.models import platform_field
from cms.core.text import normalise, to_hiragana


class Sponsor(TranslatableMixin, index.Indexed, models.Model):
    """A company, foundation, municipality or association that supports the platform's events."""

    platform = platform_field()

    class Kind(models.TextChoices):
        SPONSORSHIP = "sponsorship", _("Sponsorship (協賛)")
        ENDORSEMENT = "endorsement", _("Endorsement (後援)")
        COOPERATION = "cooperation", _("Cooperation (協力)")
        GRANT = "grant", _("Grant (助成)")

    name = models.CharField(_("name"), max_length=200)
    name_kana = models.CharField(
        _("name in kana"), max_length=200, blank=True, help_text=_("For 五十音 order.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
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
        help_text=_("What the logo says, for screen readers; the name is used when empty."),
    )
    url = models.URLField(_("website"), blank=True)

    panels = [
        "platform",
        FieldRowPanel(["name", "name_kana"]),
        "kind",
        FieldRowPanel([FieldPanel("logo"), "logo_alt"]),
        "url",
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        # the chooser searches within the staff's platforms
        index.FilterField("platform"),
    ]
    # The reading of the Japanese name is the same in every language.
    override_translatable_fields = [SynchronizedField("name_kana", overridable=False)]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("sponsor")
        verbose_name_plural = _("sponsors")
        ordering = ["name_kana", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = normalise(self.name)
        self.name_kana = to_hiragana(normalise(self.name_kana or ""))
        super().save(*args, **kwargs)

    @property
    def alt_text(self):
        return self.logo_alt or self.name


class Sponsorship(models.Model):
    """A sponsor of one event (its original-language page), in the order shown; of the
    sponsor's platform, whose events alone it may support."""

    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="sponsorships",
        limit_choices_to={"locale__language_code": "ja"},
    )
    sponsor = models.ForeignKey(
        Sponsor, verbose_name=_("sponsor"), on_delete=models.CASCADE, related_name="sponsorships"
    )
    role = models.CharField(
        _("role"),
        max_length=100,
        blank=True,
        help_text=_("Shown instead of the sponsor's kind, e.g. 特別協賛, 会場提供."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = ["event", "sponsor", FieldRowPanel(["role", "sort_order"])]

    class Meta:
        verbose_name = _("event sponsor")
        verbose_name_plural = _("event sponsors")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "sponsor"], name="sponsors_once_per_event")
        ]

    def __str__(self):
        return f"{self.sponsor} – {self.event}"

    def clean(self):
        super().clean()
        if not (self.event_id and self.sponsor_id):
            return
        platform = platforms.of_page(self.event)
        if platform is None or platform.pk != self.sponsor.platform_id:
            raise ValidationError({"event": _("Choose an event of the sponsor's own platform.")})
