"""Adding thousands of published pages at once, for the scale data set (`load_scale`).

`parent.add_child()` re-reads the parent, validates, builds the URL path and saves a revision
for every page: minutes for tens of thousands. Here the tree paths are computed the way
treebeard's materialised-path tree computes them (`MP_Node._get_path`), the base `Page` rows
go in with one `bulk_create`, and the specific rows (their own table only, as
`save_base(raw=True)` writes it: Django cannot bulk-create a multi-table child) with one
INSERT per batch. No post_save is sent for them: the one `save_base(raw=True)` sent said
raw, which the receivers (Wagtail's reference index, its search index) skip. Child relations
(sessions, quotas) are for the caller to bulk-create once the pages have their ids.

No revision is saved: the pages are live as made, like a page imported with `loaddata`.
Search entries are for the caller to rebuild once everything is in (`cms.search.index`)."""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connections, transaction
from django.utils import timezone
from wagtail.models import Locale, Page


def missing_numbers(command, parent, prefix, what, total):
    """The numbers n below `total` whose page "{prefix}{n:05}" is not yet under `parent`, once
    `command.check_size` has made sure that the ones there are none or all of them."""
    have = set(
        Page.objects.child_of(parent).filter(slug__startswith=prefix).values_list("slug", flat=True)
    )
    command.check_size(what, len(have), total)
    return [n for n in range(total) if f"{prefix}{n:05}" not in have]


def _next_step(parent):
    last = Page.objects.child_of(parent).order_by("-path").values_list("path", flat=True).first()
    if last is None:
        return 1
    return Page._str2int(last[-Page.steplen :]) + 1


@transaction.atomic
def add_children(parent, pages, *, batch_size=500):
    """Add `pages` (unsaved specific instances with title and slug set) as live children of
    `parent`, in order; returns them with their ids. A page's `translation_key` is kept when
    set (a translation of a page made before), else a new one is given."""
    if not pages:
        return []
    parent = Page.objects.select_for_update().get(pk=parent.pk)
    step = _next_step(parent)
    now = timezone.now()
    content_types = {}
    bases = []
    for offset, page in enumerate(pages):
        model = type(page)
        if model not in content_types:
            content_types[model] = ContentType.objects.get_for_model(model)
        base = Page(
            title=page.title,
            draft_title=page.title,
            slug=page.slug,
            content_type=content_types[model],
            locale_id=parent.locale_id,
            translation_key=page.translation_key or uuid.uuid4(),
            depth=parent.depth + 1,
            path=Page._get_path(parent.path, parent.depth + 1, step + offset),
            numchild=0,
            url_path=f"{parent.url_path}{page.slug}/",
            live=True,
            has_unpublished_changes=False,
            first_published_at=page.first_published_at or now,
            last_published_at=page.last_published_at or now,
            latest_revision_created_at=None,
            show_in_menus=False,
        )
        bases.append(base)
    Page.objects.bulk_create(bases, batch_size=batch_size)
    for base, page in zip(bases, pages, strict=True):
        for field in Page._meta.concrete_fields:
            setattr(page, field.attname, getattr(base, field.attname))
        page.page_ptr_id = base.pk
    by_model = {}
    for page in pages:
        by_model.setdefault(type(page), []).append(page)
    for model, rows in by_model.items():
        _insert_own_rows(model, rows, batch_size)
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + len(pages))
    return pages


def _insert_own_rows(model, rows, batch_size):
    """INSERT the rows of `model`'s own table (its page_ptr and its fields), many to a
    statement: what `save_base(raw=True)` writes for one, without a statement per page."""
    fields = [f for f in model._meta.local_concrete_fields if not f.generated]
    connection = connections[model.objects.db]
    size = min(batch_size, connection.ops.bulk_batch_size(fields, rows))
    for start in range(0, len(rows), size):
        model._base_manager._insert(rows[start : start + size], fields=fields, raw=True)


def add_translated(command, ja_index, missing, make_ja, make_en, *, batch=500):
    """Add the pages numbered `missing` under ja_index in Japanese, then their English
    translations (same translation_key) under the index's English translation."""
    en_index = ja_index.get_translation(Locale.objects.get(language_code="en"))
    made = []
    for start in range(0, len(missing), batch):
        numbers = missing[start : start + batch]
        ja_pages = add_children(ja_index, [make_ja(n) for n in numbers])
        en_pages = []
        for n, ja_page in zip(numbers, ja_pages, strict=True):
            en_page = make_en(n)
            en_page.translation_key = ja_page.translation_key
            en_pages.append(en_page)
        add_children(en_index, en_pages)
        made.extend(ja_pages)
        command.progress(type(ja_pages[0])._meta.verbose_name, start + len(numbers), len(missing))
    return made


def scale_photo():
    """The generated photo that every other page of the scale set shows (image_id on its
    fields), so that the lists are measured with photos on their cards."""
    from cms.core.demo_helpers import demo_photo

    return demo_photo(
        "scale",
        "scale: photo",
        ((236, 242, 248), (214, 226, 240), (70, 110, 150)),
        "淡い青色の背景に丸い太陽のイラスト",
    )
