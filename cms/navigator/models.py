import re

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin

from cms.core.models import platform_field
from cms.search.text import normalise_for_search


class Worry(TranslatableMixin, ClusterableModel):
    """A worry as people say it (「眠れない」「お金のことで困っている」), mapped by editors to the
    topics of the shared taxonomy: people find windows by their worry more easily than by
    administrative labels (Kasugai's leaflet)."""

    platform = platform_field()
    phrase = models.CharField(_("worry, in the person's words"), max_length=100)
    slug = models.SlugField(
        _("slug"),
        max_length=60,
        help_text=_("Used in the navigator's address; the same in every language."),
    )
    topics = ParentalManyToManyField("core.Topic", verbose_name=_("topics"), related_name="+")
    # Other words people type for the same worry (「寂しい, さみしい, 孤独」): the site's search
    # shows the worry's answers for any of them (issue 21). Translated with the phrase.
    keywords = models.CharField(
        _("other words for it"),
        max_length=300,
        blank=True,
        help_text=_(
            "Words people may type into the search for this worry, separated by commas, "
            "e.g. 寂しい, さみしい, 孤独. Kana and kanji are different words: give both."
        ),
    )
    is_urgent = models.BooleanField(
        _("urgent"),
        default=False,
        help_text=_("Windows open 24 hours come first, with a notice to call now."),
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    panels = [
        "platform",
        "phrase",
        "slug",
        "keywords",
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        "is_urgent",
        "sort_order",
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("worry")
        verbose_name_plural = _("worries")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "slug", "locale"], name="navigator_worry_unique_slug"
            ),
        ]

    def __str__(self):
        return self.phrase

    @property
    def search_words(self):
        """The phrase and each keyword, as the search compares them (cms.search.text)."""
        words = [self.phrase, *re.split(r"[,、，;；\n]+", self.keywords)]
        return [w for w in (normalise_for_search(word).strip() for word in words) if w]
