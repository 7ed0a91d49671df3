import datetime

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import PageViewRestriction

from cms.directory.members.services import members_group
from cms.news.models import NewsIndexPage, NewsPage


@pytest.fixture
def notices(news_index):
    index = NewsIndexPage(title="参画団体向けのお知らせ", slug="member-notices")
    news_index.get_parent().add_child(instance=index)
    index.save_revision().publish()
    restriction = PageViewRestriction.objects.create(
        page=index, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([members_group()])
    notice = NewsPage(title="連絡会の記録", slug="minutes", date=datetime.date(2026, 7, 10))
    index.add_child(instance=notice)
    notice.save_revision().publish()
    return index


def test_members_only_notices_need_a_member_account(client, notices):
    for url in ["/ja/member-notices/", "/ja/member-notices/minutes/"]:
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url
    for feed in ["/ja/member-notices/feed/rss/", "/ja/member-notices/feed/atom/"]:
        assert client.get(feed).status_code == 302
        assert "連絡会の記録" not in client.get(feed).content.decode()

    outsider = get_user_model().objects.create_user("outsider", password="pw")
    client.force_login(outsider)
    assert client.get("/ja/member-notices/").status_code == 302

    member = get_user_model().objects.create_user("member", password="pw")
    member.groups.add(members_group())
    client.force_login(member)
    response = client.get("/ja/member-notices/")
    assert response.status_code == 200
    assert "連絡会の記録" in response.content.decode()
    assert client.get("/ja/member-notices/minutes/").status_code == 200


def test_members_only_notices_stay_out_of_public_news_and_feeds(client, notices, add_news):
    add_news("公開のお知らせ", datetime.date(2026, 7, 1))
    html = client.get("/ja/news/").content.decode()
    assert "公開のお知らせ" in html and "連絡会の記録" not in html
    assert "連絡会の記録" not in client.get("/ja/news/feed/rss/").content.decode()


def test_members_only_notices_stay_out_of_search(notices):
    from cms.search import index as search_index
    from cms.search.services import search

    def titles():
        entries, _variants = search("連絡会の記録", notices.locale)
        return [entry.title for entry in entries]

    assert "連絡会の記録" not in titles()
    search_index.rebuild()
    assert "連絡会の記録" not in titles()
