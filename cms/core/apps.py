from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Site-wide pieces every other app uses: base blocks, site settings, template tags, the
    demo-content and set-up commands."""

    name = "cms.core"
    label = "core"
    verbose_name = _("Site")

    def ready(self):
        from cms.core import (  # noqa: F401 (platform, platform_map: their signals)
            gettext_fallback,
            invalidation,
            platform,
            platform_map,
            request_memo,
        )

        gettext_fallback.install()
        invalidation.connect()
        request_memo.install()
        self.furigana()

    @staticmethod
    def furigana():
        """Ruby (cms/core/ruby.py) in the two places Wagtail does not look for it."""
        from wagtail.models import Page
        from wagtail_localize import strings

        from cms.core.ruby import HELP_TEXT

        # wagtail-localize cuts rich text into segments at every tag it does not know as
        # inline: a word's <ruby> would become segments of its own ("窓口", "まどぐち"), and
        # a translator could neither keep nor add one within a sentence.
        strings.INLINE_TAGS.extend(
            tag for tag in ("ruby", "rt", "rp") if tag not in strings.INLINE_TAGS
        )
        # Every page type's title panel is this one placeholder, built into a panel on the
        # first edit: the markup is documented where titles are typed, with no migration.
        Page.content_panels[0].kwargs.setdefault("help_text", HELP_TEXT)
