"""Public pages come whole from the cache, never stale and never someone else's
(cms/core/pagecache.py, cms/core/invalidation.py)."""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from wagtail.models import Locale, PageViewRestriction, Site
from wagtail_localize.models import TranslationSource

from cms.core.models import PlatformSettings
from cms.core.pagecache import HEADER
from cms.directory.windows.models import ConsultationWindow
from cms.home.models import StandardPage
from cms.home.services import ensure_site
from cms.people.models import Person, Qualification, QualificationGrant
from cms.people.services import grant_qualification, issue_token
from tests.pagecache import assert_shows_the_change, warm
from tests.platforms import default_platform
from tests.volunteers.conftest import make_volunteer
from volunteers import links

pytestmark = pytest.mark.django_db


def make_page(parent=None, title="居場所のご案内", slug="guide"):
    parent = parent or ensure_site()
    page = StandardPage(title=title, slug=slug, summary="地域の居場所")
    parent.add_child(instance=page)
    page.save_revision().publish()
    return StandardPage.objects.get(pk=page.pk)


def test_a_hit_serves_the_same_bytes_and_headers_without_a_query(client, django_assert_num_queries):
    page = make_page()
    first = warm(client, page.url)
    with django_assert_num_queries(0):
        hit = client.get(page.url)
    assert hit[HEADER] == "hit"
    assert hit.content == first.content
    for header in ("Content-Type", "Content-Language", "Content-Security-Policy"):
        assert hit[header] == first[header]


def test_head_is_answered_from_the_get_entry(client, django_assert_num_queries):
    page = make_page()
    warm(client, page.url)
    with django_assert_num_queries(0):
        assert client.head(page.url)[HEADER] == "hit"


def test_the_cache_can_be_turned_off(client, settings):
    settings.PAGE_CACHE = False
    page = make_page()
    client.get(page.url)
    assert HEADER not in client.get(page.url)


def test_each_host_has_its_own_entries(client):
    page = make_page()
    warm(client, page.url)
    assert client.get(page.url, HTTP_HOST="other.example")[HEADER] == "miss"


# What changes what a page shows is seen on the next request.


def test_publishing_a_change(client):
    page = make_page()
    before = warm(client, page.url)
    page.title = "居場所のご案内（改訂）"
    page.save_revision().publish()
    assert "改訂" in assert_shows_the_change(client, page.url, before).content.decode()


def test_unpublishing(client):
    page = make_page()
    before = warm(client, page.url)
    page.unpublish()
    assert assert_shows_the_change(client, page.url, before).status_code == 404


def test_moving(client):
    page = make_page()
    other = make_page(title="別のページ", slug="other")
    url = page.url
    before = warm(client, url)
    page.move(other, pos="last-child")
    # Wagtail redirects the old address to the new one
    assert assert_shows_the_change(client, url, before).status_code == 301


def test_deleting(client):
    page = make_page()
    url = page.url
    before = warm(client, url)
    page.delete()
    assert assert_shows_the_change(client, url, before).status_code == 404


def test_syncing_a_translation(client, django_capture_on_commit_callbacks):
    page = make_page()
    english = Locale.objects.get(language_code="en")
    source, _created = TranslationSource.get_or_create_from_instance(page)
    # wagtail-localize publishes the translation once the sync commits
    with django_capture_on_commit_callbacks(execute=True):
        translated, _created = source.create_or_update_translation(english, fallback=True)
    page.title = "居場所のご案内（改訂）"
    page.save_revision().publish()
    before = warm(client, translated.url)  # the English page still shows the text of before
    source.update_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        source.create_or_update_translation(english, fallback=True)
    changed = assert_shows_the_change(client, translated.url, before)
    assert "改訂" in changed.content.decode()


def test_restricting_a_page(client):
    page = make_page()
    before = warm(client, page.url)
    PageViewRestriction.objects.create(page=page, restriction_type="login")
    assert assert_shows_the_change(client, page.url, before).status_code == 302


def test_a_snippet_the_page_shows(client):
    ja = Locale.objects.get(language_code="ja")
    window = ConsultationWindow.objects.create(
        platform=default_platform(), locale=ja, name="よりそいホットライン", is_24h=True
    )
    home = ensure_site()
    before = warm(client, home.url)
    window.name = "よりそいホットライン（夜間）"
    window.save()
    assert "（夜間）" in assert_shows_the_change(client, home.url, before).content.decode()


def test_the_site_settings(client):
    home = ensure_site()
    before = warm(client, home.url)
    contact = PlatformSettings.for_site(Site.objects.get(is_default_site=True))
    contact.secretariat_name = "飯山市 福祉課"
    contact.phone = "0269-62-0000"
    contact.save()
    assert "0269-62-0000" in assert_shows_the_change(client, home.url, before).content.decode()


# What is never stored.


def stored(url):
    """Whether a visitor without a session would get this address from the cache."""
    return Client().get(url).get(HEADER) == "hit"


def test_a_logged_in_visitor_is_not_served_nor_stored(client, django_user_model):
    page = make_page()
    warm(Client(), page.url)
    client.force_login(django_user_model.objects.create_user("staff", password="x"))
    response = client.get(page.url)
    assert HEADER not in response
    assert "no-store" in response["Cache-Control"]


def test_a_visitor_with_a_session_or_a_message_is_not_served(client):
    page = make_page()
    warm(client, page.url)
    for cookie in (settings.SESSION_COOKIE_NAME, "messages"):
        visitor = Client()
        visitor.cookies[cookie] = "something"
        assert HEADER not in visitor.get(page.url)


def test_a_private_link_page_is_not_stored(client):
    volunteer = make_volunteer()
    url = f"/ja/volunteers/me/{issue_token(volunteer.person, links.MY_PAGE)}/"
    assert client.get(url).status_code == 200
    assert not stored(url)


def test_a_page_with_a_csrf_token_is_not_stored(client):
    url = "/ja/_util/login/"  # Wagtail's login for restricted pages: a token bound to a cookie
    response = client.get(url)
    assert settings.CSRF_COOKIE_NAME in response.cookies
    assert not stored(url)


def test_a_view_showing_personal_data_is_not_stored(client):
    supporter = Qualification.objects.create(
        platform=default_platform(), name="つながりサポーター", slug="supporter"
    )
    person = Person.objects.create(
        platform=default_platform(), name="飯山 花子", email="hanako@example.jp"
    )
    grant = grant_qualification(person, supporter, on=datetime.date(2020, 1, 1))
    # expired: the page names the holder and has no form (no CSRF cookie) that would keep it
    QualificationGrant.objects.filter(pk=grant.pk).update(valid_until=datetime.date(2021, 1, 1))
    url = f"/ja/certificates/verify/?number={grant.certificate_number}"
    assert "飯山 花子" in client.get(url).content.decode()
    assert not stored(url)


def test_the_admin_is_not_looked_up(client):
    assert HEADER not in client.get("/admin/login/")


def test_a_redirect_is_not_stored(client):
    ensure_site()
    assert client.get("/").status_code == 302
    assert client.get("/")[HEADER] == "miss"


# Anonymous forms outside pages (cms/core/origin.py): the same refusal, Django's 403.


def test_the_newsletter_form_is_cached_and_refuses_other_sites(client):
    ensure_site()
    url = reverse("newsletter_subscribe")
    assert "csrfmiddlewaretoken" not in warm(client, url).content.decode()
    visitor = Client(enforce_csrf_checks=True)
    data = {"email": "hanako@example.jp", "consent": "on"}
    refused = visitor.post(url, data, HTTP_ORIGIN="https://evil.example")
    assert refused.status_code == 403
    assert b"CSRF" in refused.content
    assert visitor.post(url, data, HTTP_SEC_FETCH_SITE="cross-site").status_code == 403
    assert visitor.post(url, data, HTTP_ORIGIN="http://testserver").status_code in (200, 302)
