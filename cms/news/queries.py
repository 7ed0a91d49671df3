"""The news read side shared beyond the news index: the latest news for the home page and the
news a newsletter issue may carry."""

from django.conf import settings

from cms.core import platform as platforms
from cms.core.fallback import under_home
from cms.news.models import NewsIndexPage, NewsPage


def latest_news(home, count, request=None):
    """The newest public news of a site's first news index, with the index to see more; None
    when the site has no news index. With the request, a home not translated all through
    shows the news index of the home in Japanese (cms.core.fallback.under_home)."""
    if request is None:
        indexes = NewsIndexPage.objects.child_of(home)
    else:
        indexes = under_home(NewsIndexPage.objects.all(), request, home.locale_id, depth=1)
    index = indexes.live().public().order_by("path").first()
    if index is None:
        return None
    items = list(index.news().public().select_related("category")[:count])
    index.label_news(items)
    return {"index": index, "items": items}


def newsletter_news(platform):
    """The news an issue of `platform`'s newsletter may carry: of its site, public
    (members-only notices are restricted through their index, so `public()` leaves them out)
    and in the default language."""
    return (
        NewsPage.objects.live()
        .public()
        .filter(locale__language_code=settings.LANGUAGE_CODE)
        .filter(pk__in=platforms.pages_of(platform).values("pk"))
    )
