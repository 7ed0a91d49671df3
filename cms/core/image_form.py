"""The image library's form (WAGTAILIMAGES_IMAGE_FORM_BASE); apart from cms.core.photos, which
models import, because Wagtail's image forms need the models loaded."""

from django.utils.translation import gettext_lazy as _
from wagtail.images.forms import BaseImageForm


class ImageForm(BaseImageForm):
    """The image library's form (WAGTAILIMAGES_IMAGE_FORM_BASE): the description, which pages
    use as alternative text, is required."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "description" in self.fields:
            self.fields["description"].required = True
            self.fields["description"].help_text = _(
                "What the image shows, for people who cannot see it (alternative text)."
            )
