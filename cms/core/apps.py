from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Site-wide pieces every other app uses: base blocks, site settings, template tags, the
    demo-content and set-up commands."""

    name = "cms.core"
    label = "core"
    verbose_name = _("Site")

    def ready(self):
        from cms.core import (  # noqa: F401 (platform: its signal)
            gettext_fallback,
            invalidation,
            platform,
            request_memo,
        )

        gettext_fallback.install()
        invalidation.connect()
        request_memo.install()
