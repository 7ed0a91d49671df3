"""Answers to a private link or to someone logged in are kept by no cache: not the browser's
back-forward cache on a shared phone, not a proxy (Cache-Control: no-store, private)."""

from django.contrib.auth import get_user_model
from django.core import mail

from tests.events.test_registration_views import LINK, post


def _no_store(response):
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= directives


def test_a_private_link_and_its_calendar_are_never_stored(run, client, event):
    post(run, client, event)
    link = LINK.search(mail.outbox[0].body).group(0)
    page = client.get(link)
    assert page.status_code == 200
    assert _no_store(page)
    assert not _no_store(client.get(event.url))  # the public page may be cached


def test_pages_for_someone_logged_in_are_never_stored(client, event):
    staff = get_user_model().objects.create_superuser("staff", "staff@example.jp", "pw")
    client.force_login(staff)
    assert _no_store(client.get("/admin/"))
    assert _no_store(client.get(event.url))


def test_a_private_page_repeats_its_link_nowhere_in_its_head(run, client, event):
    """Link previews and crawlers read the head: a private page names no alternate or canonical
    address there, so its token is in the address bar only. The public page keeps them."""
    post(run, client, event)
    link = LINK.search(mail.outbox[0].body).group(0)
    token = link.rstrip("/").rsplit("/", 1)[-1]
    html = client.get(link).content.decode()
    head = html.split("</head>")[0]
    assert token not in head
    assert 'hreflang="en"' in html  # the language switcher still keeps the visitor here
    public_head = client.get(event.url).content.decode().split("</head>")[0]
    # (the event exists in Japanese only: its alternates are Japanese and x-default)
    assert 'rel="alternate" hreflang="ja"' in public_head and 'property="og:url"' in public_head
