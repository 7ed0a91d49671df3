"""A page's photo (ibasho, events): the image, the alternative text a visitor's screen reader
reads, or an explicit "decorative" tick that gives alt="". The admin refuses a photo that says
nothing to someone who cannot see it; the image library asks for a description on every upload (`image_form`).
Lists join the images and prefetch their renditions (`with_photos`): no query per card."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, prefetch_related_objects
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.images import get_image_model


class PagePhoto(models.Model):
    """Abstract: put it before `Page` in the bases. The image is synchronised between
    translations (wagtail-localize), the alternative text on the page is translated."""

    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(
        _("alternative text on this page"),
        max_length=250,
        blank=True,
        help_text=_(
            "What the photo shows, for people who cannot see it. Empty: the image's own "
            "description is used."
        ),
    )
    image_decorative = models.BooleanField(
        _("the photo is decorative"),
        default=False,
        help_text=_("Tick only if the photo adds nothing to the text: screen readers skip it."),
    )

    photo_panels = [
        MultiFieldPanel([FieldPanel("image"), "image_alt", "image_decorative"], heading=_("Photo"))
    ]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.image_id and not self.image_decorative and not self.photo_alt:
            raise ValidationError(
                {
                    "image": _(
                        "This image has no alternative text. Write what it shows in "
                        "“alternative text on this page” or in the image's description, or "
                        "tick “the photo is decorative” if it adds nothing to the text."
                    )
                }
            )

    @property
    def photo_alt(self):
        """The img element's alt: empty for a decorative photo."""
        if self.image_decorative or not self.image_id:
            return ""
        return self.image_alt.strip() or (self.image.description or "").strip()


def with_photos(pages):
    """pages (a list) with their photos' renditions, in one query whatever their number (none
    when no page has a photo); the images too, in one more, unless the pages' own query joined
    them (select_related("image"), as the lists do)."""
    renditions = get_image_model().get_rendition_model().objects.all()
    prefetch_related_objects(
        pages, Prefetch("image__renditions", queryset=renditions, to_attr="prefetched_renditions")
    )
    return pages
