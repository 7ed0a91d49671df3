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


def demo_photo(key, title, colours, description, shape="sun"):
    """A generated picture for the demo, made once (no files from outside): a soft vertical
    gradient between two colours with one simple shape, its description (the alternative
    text) kept up to date. `shape`: "sun", "house" or "table"."""
    import io

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from PIL import ImageDraw
    from wagtail.images import get_image_model
    from wagtail.models import Collection

    Image = get_image_model()
    image = Image.objects.filter(title=title).first()
    if image is not None:
        if image.description != description:
            image.description = description
            image.save(update_fields=["description"])
        return image
    width, height = 1200, 800
    (top, bottom, accent) = colours
    picture = PILImage.new("RGB", (width, height))
    draw = ImageDraw.Draw(picture)
    for y in range(height):
        mix = y / (height - 1)
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(round(a + (b - a) * mix) for a, b in zip(top, bottom, strict=True)),
        )
    if shape == "house":
        draw.polygon([(420, 420), (600, 260), (780, 420)], fill=accent)
        draw.rectangle((450, 420, 750, 620), fill=accent)
        draw.rectangle((570, 500, 630, 620), fill=top)
    elif shape == "table":
        draw.rounded_rectangle((300, 430, 900, 470), radius=20, fill=accent)
        for x in (380, 820):
            draw.rectangle((x - 10, 470, x + 10, 620), fill=accent)
        for x in (420, 600, 780):
            draw.ellipse((x - 45, 300, x + 45, 390), fill=accent)
    else:
        draw.ellipse((480, 220, 720, 460), fill=accent)
        draw.rectangle((0, 600, width, height), fill=accent)
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=85)
    # a flushed database (browser tests) has lost the root collection that a migration made
    collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
    return Image.objects.create(
        title=title,
        description=description,
        file=ImageFile(buffer, name=f"demo-{key}.jpg"),
        width=width,
        height=height,
        collection=collection,
    )
