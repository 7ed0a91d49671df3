from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin

from cms.core.models import platform_field


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
