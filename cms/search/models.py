from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from cms.core.models import platform_field
from cms.search.text import normalise_for_search


class SearchEntry(models.Model):
    """One public thing residents can find (a page, a consultation window), as plain text.

    Japanese has no spaces between words, so PostgreSQL's full-text search (which splits on
    spaces) finds nothing inside a sentence. We search substrings instead: `title_norm` and
    `body_norm` hold the text normalised (NFKC, case-folded, katakana as hiragana), queries are
    normalised the same way and matched with LIKE '%…%', which behaves identically on SQLite and
    PostgreSQL. On PostgreSQL, migration 0002 adds pg_trgm GIN indexes on both columns: pg_trgm
    ships with PostgreSQL's contrib (and managed services), is a trusted extension since
    PostgreSQL 13, and its GIN operator class serves LIKE '%…%' without a full scan for queries of
    three characters or more (shorter ones scan the index; pg_bigm would help there but is rarely
    available). Only public fields are copied here (see `cms.search.index`)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    locale = models.ForeignKey("wagtailcore.Locale", on_delete=models.CASCADE, related_name="+")
    # The platform of what is indexed (a page's by its tree, a record's own); a nationwide
    # window is found on every platform.
    platform = platform_field()
    nationwide = models.BooleanField(default=False)
    kind = models.CharField(max_length=100)
    title = models.CharField(max_length=255)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    title_norm = models.CharField(max_length=255, db_index=False)
    body_norm = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="site_search_unique_object"
            ),
        ]

    def __str__(self):
        return self.title


class Synonym(models.Model):
    """Words residents use for the same thing (子供・子ども・こども), edited by the secretariat.
    A query containing one of them also finds the others. Installation-wide, not per platform:
    the words mean the same on every platform, and a synonym shows nothing by itself (only
    entries of the request's platform are ever found)."""

    terms = models.CharField(
        _("words that mean the same"),
        max_length=300,
        help_text=_("Separate the words with commas, e.g. 子供, 子ども, こども"),
    )

    panels = ["terms"]

    class Meta:
        verbose_name = _("synonym")
        verbose_name_plural = _("synonyms")
        ordering = ["terms"]

    def __str__(self):
        return self.terms

    @property
    def normalised_terms(self):
        words = self.terms.replace("、", ",").replace("・", ",").split(",")
        return [w for w in (normalise_for_search(word) for word in words) if w]
