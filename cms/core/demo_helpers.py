"""Helpers for the `load_demo` loaders: create a page, or bring it up to date without
publishing a new revision when nothing changed, so that loading twice gives the same site."""

from wagtail.fields import StreamField


def _without_ids(value):
    if isinstance(value, dict):
        return {k: _without_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list | tuple):
        return [_without_ids(v) for v in value]
    return value


def _current(page, name):
    value = getattr(page, name)
    if isinstance(page._meta.get_field(name), StreamField):
        return _without_ids(list(value.raw_data))
    return value


def _apply(page, fields):
    """Set fields on page; publish a revision only when one of them changed."""
    changed = [
        name for name, value in fields.items() if _current(page, name) != _without_ids(value)
    ]
    for name in changed:
        setattr(page, name, fields[name])
    if changed or not page.live:
        page.save_revision().publish()
    return page


def upsert_child(parent, model, slug, **fields):
    """The child of parent (in parent's language) with this slug, created or updated."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, locale=parent.locale, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page
    return _apply(page, fields)


def upsert_translation(page, locale, **fields):
    """page's translation into locale, created (with translated parents) or updated."""
    translation = page.get_translation_or_none(locale)
    if translation is None:
        translation = page.copy_for_translation(locale, copy_parents=True)
        for name, value in fields.items():
            setattr(translation, name, value)
        translation.save_revision().publish()
        return translation
    return _apply(translation.specific, fields)


def update_page(page, **fields):
    return _apply(page.specific, fields)


class IndexPage:
    """A standard index page under a platform's home (news, events, ibasho, …), in Japanese
    and English: an app's demo module names its own as `INDEX_PAGE`, which `load_demo` and
    the making of a new platform (cms.home.platforms) both put under a home."""

    def __init__(self, model, slug, ja, en, prepare=None):
        self.model, self.slug, self.ja, self.en = model, slug, ja, en
        self.prepare = prepare

    def upsert(self, home):
        """The index under `home` (its Japanese page), created or brought up to date, with its
        English translation, and then given to `prepare` (the platform's moderation workflow
        on its members' index)."""
        from wagtail.models import Locale

        page = upsert_child(home, self.model, self.slug, **self.ja)
        upsert_translation(page, Locale.objects.get(language_code="en"), **self.en)
        if self.prepare is not None:
            self.prepare(page)
        return page
