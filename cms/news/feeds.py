"""RSS 2.0 and Atom feeds of a news index, whole or by category. Only what the public page
shows goes in: title, summary, date, category and link."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed


class NewsRssFeed(Feed):
    feed_type = Rss201rev2Feed
    limit = 20

    def get_object(self, request, index, category=None):
        self.request = request
        if category is None:
            return index, None
        found = index.categories().filter(slug=category).first()
        if found is None:
            raise Http404
        return index, found

    def title(self, obj):
        index, category = obj
        return f"{index.title}: {category.name}" if category else index.title

    def link(self, obj):
        return obj[0].get_full_url(self.request)

    def description(self, obj):
        return obj[0].intro or obj[0].title

    def feed_url(self, obj):
        index, category = obj
        links = index.feed_links(category.slug if category else None)
        kind = "atom" if self.feed_type is Atom1Feed else "rss"
        return self.request.build_absolute_uri(links[kind])

    def items(self, obj):
        index, category = obj
        news = index.news().select_related("category", "locale")
        if category is not None:
            news = news.filter(category__slug=category.slug)
        news = index.localize(list(news[: self.limit]))
        index.label_news(news)
        return news

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_guid(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.last_published_at or item.published_at

    def item_categories(self, item):
        return [item.category_label.name] if item.category_label else []


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed
    subtitle = NewsRssFeed.description
