"""My page's gaps, closed: an offered waitlist place is taken from my page after a
confirmation; the registration's own page asks before cancelling; my page says which number
a waiting place is, in the list's own query."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cms.people import mypage
from cms.people.services import issue_token
from events import mypage as event_mypage
from events import services
from events.capacity import Status
from events.models import Registration
from tests.cms.test_mypage import EMAIL, link_for, register
from tests.events.conftest import make_event


def token_of(page):
    return page.rstrip("/").rsplit("/", 1)[1]


@pytest.fixture
def offered(db, run):
    """A place offered to EMAIL: the one seat was taken, EMAIL waited, the seat freed."""
    event = make_event(
        "満員の交流会", capacity=1, waitlist_enabled=True, waitlist_mode="offer", offer_hours=24
    )
    first = register(event, "first@example.jp", name="先着 一郎")
    mine = register(event)
    assert mine.status == Status.WAITLISTED
    run(services.cancel_registration, first)
    mine.refresh_from_db()
    assert mine.status == Status.OFFERED
    return mine


def test_an_offered_place_is_taken_from_my_page_after_a_confirmation(run, client, offered):
    page = link_for(run, client)
    token = token_of(page)
    accept = reverse("events:my_accept", kwargs={"token": token, "reference": offered.reference})
    listing = client.get(page).content.decode()
    assert accept in listing and "参加を確定する" in listing
    asked = client.get(accept)
    text = asked.content.decode()
    assert asked.status_code == 200 and "この席で参加しますか" in text and 'method="post"' in text
    offered.refresh_from_db()
    assert offered.status == Status.OFFERED  # asking changed nothing
    mail.outbox.clear()
    done = run(client.post, accept)
    assert done["Location"] == page
    offered.refresh_from_db()
    assert offered.status == Status.CONFIRMED
    assert "参加が確定しました" in client.get(page).content.decode()
    assert [m.to for m in mail.outbox] == [[EMAIL]]  # the confirmation, as from the mail's link
    # Taken already: no second button, and a second POST says so without a 500.
    assert "この席で参加しますか" in client.get(accept).content.decode()
    assert "はい、参加します" not in client.get(accept).content.decode()
    again = run(client.post, accept, follow=True)
    assert again.status_code == 200
    offered.refresh_from_db()
    assert offered.status == Status.CONFIRMED


def test_a_place_is_not_taken_with_someone_elses_or_a_dead_link(run, client, offered):
    register(make_event("別の催し", slug="other"), "other@example.jp")
    token = token_of(link_for(run, client, "other@example.jp"))
    accept = reverse("events:my_accept", kwargs={"token": token, "reference": offered.reference})
    assert client.get(accept).status_code == 404
    assert run(client.post, accept).status_code == 404
    dead = reverse("events:my_accept", kwargs={"token": "x", "reference": offered.reference})
    assert run(client.post, dead).status_code == 404
    offered.refresh_from_db()
    assert offered.status == Status.OFFERED


def test_a_lapsed_offer_is_not_taken_from_my_page(run, client, offered):
    token = token_of(link_for(run, client))
    Registration.objects.filter(pk=offered.pk).update(
        offer_expires_at=timezone.now() - timezone.timedelta(minutes=1)
    )
    accept = reverse("events:my_accept", kwargs={"token": token, "reference": offered.reference})
    response = run(client.post, accept, follow=True)
    assert response.status_code == 200
    offered.refresh_from_db()
    assert offered.status != Status.CONFIRMED


def test_my_page_says_which_number_each_waiting_place_is(run, client, db):
    event = make_event("満員の講座", capacity=1, waitlist_enabled=True)
    other = make_event("別の満員の講座", capacity=1, waitlist_enabled=True, slug="full-2")
    register(event, "seated@example.jp")
    register(other, "seated@example.jp")
    for n in range(2):
        register(event, f"before{n}@example.jp")
    register(event)  # third in line
    register(other)  # first in line
    page = client.get(link_for(run, client)).content.decode()
    assert "キャンセル待ち3番目です" in page
    assert "キャンセル待ち1番目です" in page
    # The same number as the registration's own page (capacity.waitlist_position).
    mine = Registration.objects.get(event=event, person__email=EMAIL)
    own = reverse(
        "events:registration",
        kwargs={
            "reference": mine.reference,
            "token": issue_token(mine.person, mine.token_purpose),
        },
    )
    assert "3番目" in client.get(own).content.decode()


def test_the_positions_cost_no_query_however_many_places_wait(
    run, client, db, django_assert_num_queries
):
    first = make_event("満員の講座0", capacity=1, waitlist_enabled=True, slug="full-0")
    register(first, "seated@example.jp")
    register(first)
    token = token_of(link_for(run, client))
    people = mypage.people_of(mypage.resolve(token))
    with django_assert_num_queries(2):
        rows = event_mypage.registrations_section(people, token, timezone.now()).rows
    assert [row["position"] for row in rows] == [1]
    for n in range(1, 5):
        event = make_event(f"満員の講座{n}", capacity=1, waitlist_enabled=True, slug=f"full-{n}")
        register(event, "seated@example.jp")
        for m in range(n):
            register(event, f"before{m}@example.jp")
        register(event)
    people = mypage.people_of(mypage.resolve(token))  # each form makes a contact record
    with django_assert_num_queries(2):
        rows = event_mypage.registrations_section(people, token, timezone.now()).rows
    assert [row["position"] for row in rows] == [1, 2, 3, 4, 5]


# The registration's own page ----------------------------------------------------------------

LINK = re.compile(r"https?://\S+/events/registration/\S+/")


def own_link(registration):
    return reverse(
        "events:registration",
        kwargs={
            "reference": registration.reference,
            "token": issue_token(registration.person, registration.token_purpose),
        },
    )


def test_the_registrations_own_page_asks_before_cancelling(run, client, db):
    registration = register(make_event())
    manage = own_link(registration)
    page = client.get(manage).content.decode()
    cancel = manage + "cancel/"
    assert f'href="{cancel}"' in page
    assert 'value="cancel"' not in page  # no one-click cancel left
    asked = client.get(cancel)
    text = asked.content.decode()
    assert asked.status_code == 200
    assert "本当にキャンセルしますか" in text and 'method="post"' in text
    assert f'href="{manage}"' in text  # "no": back to the registration
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
    # A form of an older page posting "cancel" to the page itself only leads to the question.
    older = run(client.post, manage, {"action": "cancel"})
    assert older.status_code == 302 and older["Location"] == cancel
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
    done = run(client.post, cancel)
    assert done["Location"] == manage
    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED
    assert "キャンセル" in client.get(manage).content.decode()
    # Twice: a clear message, no 500.
    assert run(client.post, cancel, follow=True).status_code == 200


def test_the_cancel_question_needs_the_registrations_own_token(run, client, db):
    registration = register(make_event())
    other = register(make_event("別の催し", slug="other"), "other@example.jp")
    foreign = reverse(
        "events:cancel",
        kwargs={
            "reference": registration.reference,
            "token": issue_token(other.person, other.token_purpose),
        },
    )
    assert client.get(foreign).status_code == 404
    assert run(client.post, foreign).status_code == 404
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
