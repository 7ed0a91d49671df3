"""A page's inline rows (an event's places, a food drive's wanted food and drop-off points)
translated with the page by wagtail-localize (issue 20): their texts are translated, their
numbers, choices, days and positions synced. What people sign up or pledge for is always the
original page's row; a translation only lends it its words (`lend_words`)."""

import copy

from wagtail.models import TranslatableMixin
from wagtail_localize.fields import TranslatableField, get_translatable_fields


class InlineTranslatable(TranslatableMixin):
    """Put it before Orderable in the bases, and repeat `unique_together` in the Meta."""

    class Meta:
        abstract = True
        unique_together = [("translation_key", "locale")]

    def get_default_locale(self):
        """A new row is in its page's language (the default locale's when it has no page)."""
        page = getattr(self, "page", None)
        if page is not None and page.locale_id:
            return page.locale
        return super().get_default_locale()


def lend_words(rows, translated_rows):
    """Copies of `rows` (the original's) with the translated texts of the row of the same
    translation key in `translated_rows`, if any; ids, numbers and choices stay the original's,
    and the original rows are not touched."""
    words = {row.translation_key: row for row in translated_rows}
    lent = []
    for row in rows:
        translated = words.get(row.translation_key)
        if translated is not None and translated.pk != row.pk:
            row = copy.copy(row)
            for field in get_translatable_fields(type(row)):
                if isinstance(field, TranslatableField):
                    setattr(row, field.field_name, getattr(translated, field.field_name))
        lent.append(row)
    return lent
