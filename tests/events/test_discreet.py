"""Discreet mode complete (issue 21): a discreet event's mail bodies, calendar files,
questionnaire mail, private pages and check-in screen say the date, the place and a neutral
title, never the event's title or topic; an unlisted event is out of every public list, feed
and search while its page answers its link, with noindex."""

import re
from datetime import timedelta

import icalendar
import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cms.people import mypage
from cms.people.services import issue_token
from cms.search.models import SearchEntry
from cms.search.services import search
from events import private_feeds, sections, services, tasks
from events.models import Announcement, EventSession, FeedbackRequest, Message
from events.private_feeds import CALENDAR_PURPOSE
from events.queries import upcoming_events
from tests.events.conftest import make_event
from tests.events.test_registration_views import LINK
from tests.pagecache import warm
from tests.roles import secretariat

pytestmark = pytest.mark.django_db

TITLE = "こころの相談会"
TOPIC = "ひきこもり家族"  # in the session's title: the topic is no more said than the title


def discreet_event(**fields):
    event = make_event(TITLE, discreet=True, venue_name="福祉会館 2階", **fields)
    session = event.sessions.get()
    session.title = TOPIC
    session.save()
    return event


def register(event, email="hanako@example.jp", **kw):
    registration, _created = services.register(
        event, quota=event.quotas.get(), name="山田 花子", email=email, **kw
    )
    return registration


def assert_neutral(text, neutral="ご予約"):
    assert TITLE not in text and "相談" not in text and TOPIC not in text, text
    assert neutral in text


def ics_summaries(content):
    calendar = icalendar.Calendar.from_ical(content)
    return [vevent for vevent in calendar.walk("VEVENT")]


def test_every_mail_body_says_only_the_date_the_place_and_a_neutral_title(run):
    event = discreet_event()
    registration = register(event)
    registration.offer_expires_at = timezone.now() + timedelta(days=1)
    registration.save()
    announcement = Announcement.objects.create(event=event, subject="持ち物", body="筆記用具")
    mail.outbox.clear()
    for kind in Message.Kind.values:
        message = Message.objects.create(
            registration=registration,
            kind=kind,
            announcement=announcement if kind == Message.Kind.ANNOUNCEMENT else None,
        )
        run(tasks.deliver_message, message.pk)
    assert len(mail.outbox) == len(Message.Kind.values)
    for sent in mail.outbox:
        assert_neutral(sent.subject)
        assert_neutral(sent.body)
        assert "福祉会館 2階" in sent.body  # the place, which the person needs
        for _name, content, _type in sent.attachments:
            if _name.endswith(".ics"):
                for vevent in ics_summaries(content):
                    assert str(vevent["SUMMARY"]).startswith("ご予約")
                    assert "URL" not in vevent and "CATEGORIES" not in vevent
                assert_neutral(content if isinstance(content, str) else content.decode())
    # A discreet event's calendar file still goes with the confirmation.
    assert any(a[0] == "event.ics" for m in mail.outbox for a in m.attachments)


def test_the_editors_neutral_title_is_used_in_the_mail_and_the_calendar_file(run):
    event = discreet_event(discreet_title="ご予約（木曜の会）")
    run(register, event)
    [sent] = mail.outbox
    assert "ご予約（木曜の会）" in sent.body
    assert_neutral(sent.body, "ご予約（木曜の会）")
    ics = next(content for name, content, _type in sent.attachments if name == "event.ics")
    [vevent] = ics_summaries(ics)
    assert str(vevent["SUMMARY"]) == "ご予約（木曜の会）"


def test_the_questionnaire_mail_and_page_name_no_title(run):
    event = discreet_event()
    registration = register(event)
    request = FeedbackRequest.objects.create(registration=registration)
    mail.outbox.clear()
    run(tasks.deliver_feedback_request, request.pk)
    [sent] = mail.outbox
    assert_neutral(sent.subject)
    assert_neutral(sent.body)
    link = re.search(r"https?://\S+/feedback/\S+", sent.body).group(0)
    type(registration).objects.filter(pk=registration.pk).update(status="attended")
    response = Client().get(link)
    assert response.status_code == 200, link
    page = response.content.decode()
    assert_neutral(page.split("<main", 1)[-1])


def test_the_private_feed_the_download_and_the_private_page_say_only_booking(run, client):
    event = discreet_event()
    registration = run(register, event)
    private_link = LINK.search(mail.outbox[0].body).group(0)
    feed = client.get(
        reverse(
            "events:my_calendar",
            kwargs={"token": issue_token(registration.person, CALENDAR_PURPOSE)},
        )
    )
    token = issue_token(registration.person, mypage.MY_PAGE)
    download = client.get(
        reverse(
            "events:my_calendar_file",
            kwargs={"token": token, "reference": registration.reference},
        )
    )
    for response in (feed, download):
        assert response.status_code == 200
        [vevent] = ics_summaries(response.content)
        assert str(vevent["SUMMARY"]).startswith("ご予約 | ")
        assert "URL" not in vevent and "CATEGORIES" not in vevent and not vevent.get("DESCRIPTION")
        assert str(vevent["LOCATION"]) == "福祉会館 2階"
        assert_neutral(response.content.decode())
    manage = client.get(private_link).content.decode()
    assert_neutral(manage.split("<main", 1)[-1])
    assert "福祉会館 2階" in manage


def test_the_check_in_screen_shows_the_neutral_title_and_the_date(client):
    event = discreet_event()
    register(event)
    client.force_login(secretariat())
    page = client.get(reverse("events_admin:check_in", args=[event.pk])).content.decode()
    assert TITLE not in page and TOPIC not in page
    assert "ご予約 | " in page
    assert f"{timezone.localtime(event.starts_at):%Y}" in page or "/" in page


def test_an_event_not_discreet_keeps_its_title_everywhere(run):
    event = make_event("地域のつどい")
    run(register, event)
    assert "地域のつどい" in mail.outbox[0].body
    ics = next(c for n, c, _t in mail.outbox[0].attachments if n == "event.ics")
    assert str(ics_summaries(ics)[0]["SUMMARY"]) == "地域のつどい"


# Unlisted ---------------------------------------------------------------------------------


UNLISTED = "非公開の相談会"


def test_an_unlisted_event_is_in_no_public_list_feed_or_search_but_opens_by_its_link(client):
    shown = make_event("公開の交流会", slug="shown")
    hidden = make_event(UNLISTED, slug="hidden", unlisted=True)
    index = hidden.get_parent().specific
    pages = {
        "index": index.url,
        "index calendar view": index.url + "?view=calendar",
        "home": "/ja/",
        "site calendar": "/calendar.ics",
        "localized site calendar": reverse("calendar_localized"),
        "index feed": index.url + "calendar/",
    }
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        body = response.content.decode()
        assert UNLISTED not in body, name
        if name != "index calendar view":
            assert "公開の交流会" in body, name
    # The queries behind the home section and the newsletter digest, and search.
    assert [e.pk for e in upcoming_events(index.get_parent(), 10)] == [shown.pk]
    digest = sections.digest_events(hidden.locale)
    assert UNLISTED not in str(digest)
    entries, _variants = search("相談会", hidden.locale)
    assert UNLISTED not in [entry.title for entry in entries]
    assert not SearchEntry.objects.filter(title=UNLISTED).exists()
    # Its own page answers, and asks search engines not to index it; the listed one does not.
    page = client.get(hidden.url)
    assert page.status_code == 200
    assert '<meta name="robots" content="noindex">' in page.content.decode()
    assert "noindex" not in client.get(shown.url).content.decode()
    # Its own calendar file (linked from the page) answers too.
    assert client.get(hidden.url + "calendar/").status_code == 200


def test_unlisting_a_listed_event_takes_it_out_of_the_cached_index_and_search(client):
    event = make_event(UNLISTED, slug="later-hidden")
    index = event.get_parent().specific
    assert UNLISTED in warm(client, index.url).content.decode()
    assert SearchEntry.objects.filter(title=UNLISTED).exists()
    event.unlisted = True
    event.save_revision().publish()
    assert UNLISTED not in client.get(index.url).content.decode()
    assert UNLISTED not in client.get("/calendar.ics").content.decode()
    assert not SearchEntry.objects.filter(title=UNLISTED).exists()
    # And back again.
    event.unlisted = False
    event.save_revision().publish()
    assert UNLISTED in client.get(index.url).content.decode()
    assert SearchEntry.objects.filter(title=UNLISTED).exists()


def test_the_private_title_is_none_for_an_ordinary_event():
    event = make_event("地域のつどい")
    assert private_feeds.private_title(event) is None
    assert EventSession.objects.filter(page=event).count() == 1


def test_a_prefecture_does_not_list_its_municipalitys_unlisted_event(client):
    from tests.events.conftest import make_index
    from tests.platforms import OTHER_HOST, default_platform, other_platform

    nagano = other_platform(prefecture_of=default_platform())  # 長野県 hosts the default one
    make_event(UNLISTED, slug="hidden", unlisted=True)
    make_event("飯山の交流会", slug="shown")
    index = make_index(nagano.site.root_page)
    make_event("長野の研修会", index=index)
    calendar = client.get("/calendar.ics", HTTP_HOST=OTHER_HOST).content.decode()
    listing = client.get(index.url, HTTP_HOST=OTHER_HOST).content.decode()
    for body in (calendar, listing):
        assert "飯山の交流会" in body and "長野の研修会" in body
        assert UNLISTED not in body
