"""Where a language's missing interface strings come from.

Django falls back to the default language's catalog (Japanese) for any string a language's
catalog leaves untranslated. Here only やさしい日本語 does (its readers read Japanese); every other
language falls back to the source string, in English, which a visitor reading Korean or
Nepali is likelier to read than Japanese. And for やさしい日本語 the project's Japanese comes
before Django's and Wagtail's own (which know some of the same strings, said otherwise:
"Skip to main content" is 本文へスキップ here, not their スキップしてメインコンテンツへ).

Django builds each language's catalog once, with the class `trans_real.DjangoTranslation`;
`install()` (at start-up, cms.core.apps) puts this subclass in its place."""

import gettext as gettext_module

from django.conf import settings
from django.utils.translation import to_locale, trans_real

#: The languages whose missing strings are read in Japanese.
FALLS_BACK_TO_JAPANESE = {"ja-x-easy"}


class Translation(trans_real.DjangoTranslation):
    def _add_local_translations(self):
        if self.language() in FALLS_BACK_TO_JAPANESE:
            for localedir in reversed(settings.LOCALE_PATHS):
                self.merge(
                    gettext_module.translation(
                        domain=self.domain,
                        localedir=localedir,
                        languages=[to_locale(settings.LANGUAGE_CODE)],
                        fallback=True,
                    )
                )
        super()._add_local_translations()

    def _add_fallback(self, localedirs=None):
        if self.language() in FALLS_BACK_TO_JAPANESE:
            super()._add_fallback(localedirs)


def install():
    trans_real.DjangoTranslation = Translation
    # Catalogs built before (by a check, a lazy string) are built again, the new way.
    trans_real._translations = {}
    trans_real._default = None
