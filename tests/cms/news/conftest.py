import datetime
import io

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Locale

from cms.home.services import ensure_site
from cms.news.models import NewsCategory, NewsIndexPage, NewsPage
from tests.platforms import default_platform


@pytest.fixture
def news_index(db):
    home = ensure_site()
    index = NewsIndexPage(title="お知らせ", slug="news", intro="プラットフォームのお知らせ")
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def categories(db):
    ja = Locale.objects.get(language_code="ja")
    return {
        slug: NewsCategory.objects.create(
            platform=default_platform(), locale=ja, slug=slug, name=name, sort_order=order
        )
        for order, (slug, name) in enumerate(
            [("notice", "お知らせ"), ("event-report", "イベント報告"), ("call", "募集")]
        )
    }


@pytest.fixture
def make_image(db):
    def make(title="写真"):
        buffer = io.BytesIO()
        PILImage.new("RGB", (800, 450), (30, 120, 80)).save(buffer, format="PNG")
        return get_image_model().objects.create(
            title=title, file=ImageFile(buffer, name="photo.png"), width=800, height=450
        )

    return make


@pytest.fixture
def add_news(news_index):
    def add(title, date, category=None, tags=(), live=True, **fields):
        page = NewsPage(
            title=title,
            date=date or datetime.date(2026, 1, 1),
            category=category,
            live=live,
            **fields,
        )
        news_index.add_child(instance=page)
        if tags:
            page.tags.set(list(tags))
        revision = page.save_revision()
        if live:
            revision.publish()
        return page

    return add
