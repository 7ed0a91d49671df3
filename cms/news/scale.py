"""The news part of the scale data set (`load_scale`): 5,000 news items in Japanese and
English, one a day going back from today, in the demo's categories."""

import datetime

from django.utils import timezone
from wagtail.models import Locale, Site

from cms.core.bulk_pages import add_translated, missing_numbers
from cms.news.models import NewsCategory, NewsIndexPage, NewsPage

NEWS = 5_000


def _body(text):
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


def load(command):
    home = Site.objects.get(is_default_site=True).root_page
    index = NewsIndexPage.objects.child_of(home).get(slug="news")
    en = Locale.objects.get(language_code="en")
    own = NewsCategory.objects.filter(platform=index.platform)
    categories = list(own.filter(locale=index.locale).order_by("sort_order"))
    english = {c.translation_key: c for c in own.filter(locale=en)}
    total = command.count(NEWS)
    missing = missing_numbers(command, index, "scale-news-", "news items", total)
    today = timezone.localdate()

    def fields(n, english_category):
        category = categories[n % len(categories)] if categories else None
        if category is not None and english_category:
            category = english.get(category.translation_key)
        return {
            "slug": f"scale-news-{n:05}",
            "date": today - datetime.timedelta(days=n),
            "category": category,
        }

    add_translated(
        command,
        index,
        missing,
        lambda n: NewsPage(
            title=f"地域のつながり通信 第{n + 1}号",
            summary="参画団体の活動や居場所の新しい取り組みをお知らせします。",
            body=_body("今月も各地区で見守りや居場所の活動が行われました。" * 3),
            **fields(n, False),
        ),
        lambda n: NewsPage(
            title=f"Community connections, issue {n + 1}",
            summary="What member organisations and places to belong have been doing.",
            body=_body("This month the districts held watching-over and ibasho activities."),
            **fields(n, True),
        ),
    )
    command.stdout.write(f"  news: {total} news items (ja, en)")
