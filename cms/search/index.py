"""Keeping the search entries in step with what is published.

Live pages are indexed when published and removed when unpublished or deleted, and a page is
indexed only while anyone may see it: a view restriction added to it or to a section above it
(or an unpublished section above it) takes it and everything below out, and lifting the
restriction (or publishing the section again) puts them back; other models
(consultation windows; events register theirs from their own app, since `cms` must not import
`events`) are registered with `register(model)` and indexed on save. The text is taken from the
model's Wagtail `search_fields` (`index.SearchField` only), so a field is searchable only if
its model declares it public to search: personal data is never declared there.

Each entry carries the platform of what it indexes: a page's by its tree (`cms.core.platform`),
another model's own `platform`; a model with a true `nationwide` field (national consultation
windows) is found on every platform. A page outside every platform's tree is not indexed."""

import json

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils.html import strip_tags
from wagtail.fields import StreamField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index as wagtail_index
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.core import platform as platforms
from cms.core import ruby
from cms.search.models import SearchEntry
from cms.search.text import normalise_for_search

_registered = []


def _text_of(obj, title):
    pieces = []
    for field in obj.get_search_fields():
        if not isinstance(field, wagtail_index.SearchField) or field.field_name == "title":
            continue
        try:
            model_field = obj._meta.get_field(field.field_name)
        except FieldDoesNotExist:  # a method or property rather than a field
            model_field = None
        if model_field is not None and hasattr(model_field, "get_searchable_content"):
            value = _without_readings(model_field, getattr(obj, field.field_name))
            pieces.extend(str(v) for v in model_field.get_searchable_content(value))
        else:
            value = field.get_value(obj)
            if value:
                pieces.append(str(value))
    return " ".join(
        strip_tags(ruby.to_text(piece)) for piece in pieces if piece and piece != title
    ).strip()


def _without_readings(model_field, value):
    """A field's value without furigana, which would split 相談窓口 into 相談そうだん窓口まどぐち
    (cms/core/ruby.py): rich text, and the rich text of a stream."""
    if isinstance(value, str):
        return ruby.without_readings(value)
    if isinstance(model_field, StreamField):
        raw = json.dumps(model_field.get_prep_value(value), cls=DjangoJSONEncoder)
        return model_field.to_python(json.loads(ruby.without_readings(raw)))
    return value


def _entry_values(obj, homes):
    if isinstance(obj, Page):
        # The address within its own site: a search is of one platform, on its own host (with
        # several sites Wagtail's get_url() would name the site's configured host).
        parts = obj.get_url_parts()
        title, url = obj.title, parts[2] if parts else None
        platform_id = platforms.of_path(obj.path, homes).pk
    else:
        title, url = str(obj), obj.get_url()
        platform_id = obj.platform_id
    body = _text_of(obj, title)
    return {
        "locale_id": obj.locale_id,
        "platform_id": platform_id,
        "nationwide": bool(getattr(obj, "nationwide", False)),
        "kind": str(obj._meta.verbose_name),
        "title": ruby.to_text(title)[:255],
        "body": body,
        "url": url or "",
        "title_norm": normalise_for_search(ruby.to_text(title))[:255],
        "body_norm": normalise_for_search(body),
    }


def index_object(obj, homes=None):
    """Index `obj` (or take it out); `homes`: `platforms.home_paths()`, when the caller
    indexes many pages."""
    if isinstance(obj, Page):
        obj = obj.specific
        homes = platforms.home_paths() if homes is None else homes
        # A page behind a view restriction (members-only notices, platform meetings) is
        # not public, so it is not searchable either.
        if (
            platforms.of_path(obj.path, homes) is None
            or not obj.live
            or obj.depth <= 2
            or obj.get_url() is None
            or getattr(obj, "kept_out_of_lists", False)
            or obj.get_view_restrictions().exists()
            or Page.objects.ancestor_of(obj).filter(depth__gt=1, live=False).exists()
        ):
            remove_object(obj)
            return
    SearchEntry.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False)
        if not isinstance(obj, Page)
        else ContentType.objects.get_for_model(Page),
        object_id=obj.pk,
        defaults=_entry_values(obj, homes),
    )


def remove_object(obj):
    model = Page if isinstance(obj, Page) else type(obj)
    SearchEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id=obj.pk
    ).delete()


def rebuild():
    """Index everything again (after a deploy, or from `load_demo`); returns the count."""
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        homes = platforms.home_paths()
        for page in Page.objects.live().filter(depth__gt=2).specific():
            index_object(page, homes)
        for model in _registered:
            for obj in model.objects.all():
                index_object(obj)
    return SearchEntry.objects.count()


def _open_to_all(page):
    """Whether anyone may see `page` and, so, its live unrestricted children (see
    index_object): it is live, and neither it nor a section above it is restricted or
    unpublished."""
    return (
        page.live
        and not page.get_view_restrictions().exists()
        and not Page.objects.ancestor_of(page).filter(depth__gt=1, live=False).exists()
    )


def add_missing(batch_size=500):
    """Index, in bulk, the live pages and registered objects that have no entry yet: what was
    written without signals (the scale data set's bulk inserts). Pages are taken by parent, whose
    visibility decides theirs (they are live and have no restriction of their own unless one
    was added with them, which is checked too); returns how many entries were added."""
    page_type = ContentType.objects.get_for_model(Page)
    have = SearchEntry.objects.filter(content_type=page_type).values("object_id")
    missing = Page.objects.live().filter(depth__gt=2).exclude(pk__in=have)
    restricted = set(PageViewRestriction.objects.values_list("page__path", flat=True))
    homes = platforms.home_paths()
    by_parent = {}
    for pk, path in missing.values_list("pk", "path"):
        by_parent.setdefault(path[: -Page.steplen], []).append(pk)
    added = 0
    for parent_path, pks in by_parent.items():
        parent = Page.objects.get(path=parent_path)
        if not _open_to_all(parent):
            continue
        for start in range(0, len(pks), batch_size):
            pages = Page.objects.filter(pk__in=pks[start : start + batch_size]).specific()
            entries = [
                SearchEntry(content_type=page_type, object_id=page.pk, **_entry_values(page, homes))
                for page in pages
                if page.get_url() is not None
                and not getattr(page, "kept_out_of_lists", False)
                and page.path not in restricted
                and platforms.of_path(page.path, homes) is not None
            ]
            added += len(SearchEntry.objects.bulk_create(entries))
    for model in _registered:
        model_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        have = SearchEntry.objects.filter(content_type=model_type).values("object_id")
        entries = [
            SearchEntry(content_type=model_type, object_id=obj.pk, **_entry_values(obj, homes))
            for obj in model.objects.exclude(pk__in=have)
        ]
        added += len(SearchEntry.objects.bulk_create(entries, batch_size=batch_size))
    return added


def register(model):
    """Index a non-page model: it needs `search_fields`, `locale`, `platform` and `get_url()`
    (and `nationwide`, when some of its rows are shown on every platform)."""
    _registered.append(model)
    post_save.connect(_saved, sender=model, dispatch_uid=f"site_search_save_{model.__name__}")
    post_delete.connect(_deleted, sender=model, dispatch_uid=f"site_search_delete_{model.__name__}")


def _saved(sender, instance, **kwargs):
    index_object(instance)


def _deleted(sender, instance, **kwargs):
    remove_object(instance)


def _page_published(sender, instance, **kwargs):
    index_object(instance)


def _page_gone(sender, instance, **kwargs):
    if isinstance(instance, Page):
        remove_object(instance)


def _reindex_below(page):
    homes = platforms.home_paths()
    for descendant in Page.objects.live().descendant_of(page, inclusive=True).specific():
        index_object(descendant, homes)


def _page_unpublished(sender, instance, **kwargs):
    # Pages below an unpublished section cannot be reached any more either.
    remove_object(instance)
    _reindex_below(instance)


def _page_moved(sender, instance, **kwargs):
    # A move changes the addresses of the page and everything below it, and puts them under
    # other sections' restrictions.
    _reindex_below(instance)


def _restriction_changed(sender, instance, **kwargs):
    # A restriction added, changed or lifted on a page covers it and everything below it.
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        _reindex_below(page)


def connect():
    page_published.connect(_page_published, dispatch_uid="site_search_page_published")
    post_page_move.connect(_page_moved, dispatch_uid="site_search_page_moved")
    page_unpublished.connect(_page_unpublished, dispatch_uid="site_search_page_unpublished")
    post_delete.connect(_page_gone, dispatch_uid="site_search_page_deleted")
    for signal in (post_save, post_delete):
        signal.connect(
            _restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"site_search_restriction_{signal is post_save}",
        )
