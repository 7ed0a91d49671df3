"""Two platforms in one installation, both ways: a resident subscribes to the newsletter of
the site they are on, an issue reaches only its platform's subscribers with links to its own
address, and each platform's staff list and open only their own issues and categories."""

import datetime
import re

import pytest
from django.core import mail
from wagtail.models import Locale

from cms.core import outbox
from cms.core.roles import SECRETARIAT
from cms.news import newsletter
from cms.news.models import (
    NewsCategory,
    NewsIndexPage,
    NewsletterConfirmation,
    NewsletterIssue,
    NewsletterSubscription,
    NewsPage,
)
from tests.platform_staff import not_found, staff_for
from tests.platforms import OTHER_HOST, default_platform, other_platform

pytestmark = pytest.mark.django_db

HOSTS = {"default": "localhost", "other": OTHER_HOST}


@pytest.fixture
def two(db, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://tsunagu.city.iiyama.example"
    return {"default": default_platform(), "other": other_platform()}


def add_news(platform, title):
    index = NewsIndexPage.objects.child_of(platform.site.root_page).first()
    if index is None:
        index = NewsIndexPage(title="お知らせ", slug="news")
        platform.site.root_page.add_child(instance=index)
        index.save_revision().publish()
    page = NewsPage(title=title, date=datetime.date(2026, 9, 1))
    index.add_child(instance=page)
    page.save_revision().publish()
    return index


def subscribe_and_confirm(client, host, email, capture):
    with capture(execute=True):
        response = client.post("/ja/newsletter/", {"email": email, "agree": "on"}, HTTP_HOST=host)
    assert response.status_code == 302
    body = mail.outbox[-1].body
    url = next(line.strip() for line in body.splitlines() if "/newsletter/confirm/" in line)
    client.post(re.sub(r"^https?://[^/]+", "", url), HTTP_HOST=host)
    return url, NewsletterSubscription.objects.filter(person__email=email).latest("pk")


@pytest.mark.parametrize("mine,theirs", [("default", "other"), ("other", "default")])
def test_an_issue_goes_to_its_own_platforms_subscribers_with_links_to_its_address(
    client, two, django_capture_on_commit_callbacks, mine, theirs
):
    url, subscription = subscribe_and_confirm(
        client, HOSTS[mine], "mine@example.jp", django_capture_on_commit_callbacks
    )
    _, other = subscribe_and_confirm(
        client, HOSTS[theirs], "theirs@example.jp", django_capture_on_commit_callbacks
    )
    assert subscription.platform == two[mine] and other.platform == two[theirs]
    assert subscription.confirmed_at and other.confirmed_at
    own_address = {
        "default": "https://tsunagu.city.iiyama.example/",
        "other": f"http://{OTHER_HOST}/",
    }
    assert url.startswith(own_address[mine])
    add_news(two[mine], "わが町の知らせ")
    add_news(two[theirs], "よその知らせ")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        newsletter.compose_issue("号外", "お知らせです。", platform=two[mine], send=True)
    (message,) = mail.outbox
    assert message.to == ["mine@example.jp"]
    assert "わが町の知らせ" in message.body and "よその知らせ" not in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith("<" + own_address[mine])


def test_the_same_address_subscribes_to_each_platform_on_its_own(
    client, two, django_capture_on_commit_callbacks
):
    subscribe_and_confirm(
        client, "localhost", "hana@example.jp", django_capture_on_commit_callbacks
    )
    subscribe_and_confirm(client, OTHER_HOST, "hana@example.jp", django_capture_on_commit_callbacks)
    assert set(
        NewsletterSubscription.objects.filter(confirmed_at__isnull=False).values_list(
            "platform", flat=True
        )
    ) == {two["default"].pk, two["other"].pk}


@pytest.mark.parametrize("mine,theirs", [("default", "other"), ("other", "default")])
def test_the_subscribe_form_and_news_index_offer_their_platforms_categories_only(
    client, two, mine, theirs
):
    ja = Locale.objects.get(language_code="ja")
    NewsCategory.objects.create(platform=two[mine], locale=ja, slug="notice", name="わが町の知らせ")
    NewsCategory.objects.create(platform=two[theirs], locale=ja, slug="notice", name="よその知らせ")
    page = client.get("/ja/newsletter/", HTTP_HOST=HOSTS[mine]).content.decode()
    assert "わが町の知らせ" in page and "よその知らせ" not in page
    index = add_news(two[mine], "知らせ")
    assert [c.name for c in index.categories()] == ["わが町の知らせ"]


@pytest.mark.parametrize("mine,theirs", [("default", "other"), ("other", "default")])
def test_staff_list_and_open_their_platforms_issues_and_categories_only(client, two, mine, theirs):
    ja = Locale.objects.get(language_code="ja")
    own = NewsletterIssue.objects.create(platform=two[mine], subject="わが町の号")
    foreign = NewsletterIssue.objects.create(platform=two[theirs], subject="よその号")
    own_category = NewsCategory.objects.create(
        platform=two[mine], locale=ja, slug="a", name="わが町の分類"
    )
    foreign_category = NewsCategory.objects.create(
        platform=two[theirs], locale=ja, slug="b", name="よその分類"
    )
    client.force_login(staff_for(two[mine], SECRETARIAT))
    listing = client.get("/admin/newsletter_issues/").content.decode()
    assert "わが町の号" in listing and "よその号" not in listing
    assert client.get(f"/admin/newsletter_issues/edit/{own.pk}/").status_code == 200
    assert not_found(client, f"/admin/newsletter_issues/edit/{foreign.pk}/")
    assert not_found(client, f"/admin/newsletter_issues/delete/{foreign.pk}/")
    categories = client.get("/admin/snippets/news/newscategory/").content.decode()
    assert "わが町の分類" in categories and "よその分類" not in categories
    edit = "/admin/snippets/news/newscategory/edit/{}/"
    assert client.get(edit.format(own_category.pk)).status_code == 200
    assert not_found(client, edit.format(foreign_category.pk))
    chooser = client.get("/admin/snippets/choose/news/newscategory/").json()["html"]
    assert "わが町の分類" in chooser and "よその分類" not in chooser
    # Composing for the other platform is impossible: an account of one platform has no
    # platform to choose (cms.core.platform_admin), what it composes is its own platform's.
    client.post(
        "/admin/newsletter_issues/new/",
        {"platform": two[theirs].pk, "subject": "なりすまし", "intro": ""},
    )
    assert NewsletterIssue.objects.get(subject="なりすまし").platform == two[mine]
    client.post(
        "/admin/newsletter_issues/new/",
        {"platform": two[mine].pk, "subject": "新しい号", "intro": ""},
    )
    assert NewsletterIssue.objects.get(subject="新しい号").platform == two[mine]


def test_an_issue_composed_without_chosen_news_takes_its_platforms_news_only(two):
    add_news(two["default"], "飯山の知らせ")
    add_news(two["other"], "長野の知らせ")
    issue = newsletter.compose_issue("9月号", platform=two["other"])
    assert [page.title for page in issue.news.all()] == ["長野の知らせ"]


@pytest.mark.parametrize("mine,theirs", [("default", "other"), ("other", "default")])
def test_a_news_item_takes_a_category_of_its_own_platform(admin_client, two, mine, theirs):
    from django.urls import reverse
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    ja = Locale.objects.get(language_code="ja")
    own = NewsCategory.objects.create(platform=two[mine], locale=ja, slug="own", name="自")
    foreign = NewsCategory.objects.create(platform=two[theirs], locale=ja, slug="x", name="他")
    index = add_news(two[mine], "既存の知らせ")
    add = reverse("wagtailadmin_pages:add", args=["news", "newspage", index.pk])

    def create(category, slug):
        data = nested_form_data(
            {
                "title": "新しい知らせ",
                "slug": slug,
                "date": "2026-09-02",
                "category": category.pk,
                "tags": "",
                "summary": "",
                "hero_alt": "",
                "body": streamfield([]),
            }
        )
        return admin_client.post(add, data)

    response = create(foreign, "foreign-category")
    assert response.status_code == 200
    assert "category" in response.context["form"].errors
    assert not NewsPage.objects.filter(slug="foreign-category").exists()
    assert create(own, "own-category").status_code == 302
    assert NewsPage.objects.get(slug="own-category").category == own


def test_subscribing_on_the_prefecture_records_it_there_with_its_privacy_notice(two):
    subscription = newsletter.subscribe(platform=two["other"], email="hana@example.jp")
    assert subscription.platform == two["other"]
    assert subscription.person.platform == two["other"]
    with pytest.raises(TypeError):
        newsletter.subscribe(email="hana@example.jp")  # the platform is required
    with pytest.raises(ValueError):
        newsletter.subscribe(platform=None, email="hana@example.jp")


@pytest.mark.parametrize("mine,theirs", [("default", "other"), ("other", "default")])
def test_the_hourly_cap_of_confirmation_mails_counts_each_platform_on_its_own(
    client, two, mine, theirs, django_capture_on_commit_callbacks
):
    def send(host):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                "/ja/newsletter/", {"email": "hana@example.jp", "agree": "on"}, HTTP_HOST=host
            )

    for _ in range(outbox.MAILS_TO_ONE_ADDRESS_PER_HOUR + 1):
        send(HOSTS[mine])
    assert len(mail.outbox) == outbox.MAILS_TO_ONE_ADDRESS_PER_HOUR
    send(HOSTS[theirs])
    assert len(mail.outbox) == outbox.MAILS_TO_ONE_ADDRESS_PER_HOUR + 1
    assert NewsletterConfirmation.objects.filter(platform=two[theirs]).count() == 1
