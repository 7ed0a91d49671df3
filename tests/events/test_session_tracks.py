"""A workshop whose participants choose one track per session (issue 21): the public form asks
one track of every session that has tracks, each track with its seats left; a full track is
refused on that session's field with what was typed kept; cancelling frees the track's seat;
the private page and the mails name the tracks; a translation names them in its words while
registrations hold the original's; and on PostgreSQL a track never takes more than its seats."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.urls import reverse
from wagtail.models import Locale

from cms.people.services import issue_token
from events import queries, services
from events.capacity import Status
from events.models import EventPage, EventSession, Registration, SessionTrack, TrackChoice
from events.services.tracks import field_name
from tests.events.conftest import make_event, make_index
from tests.events.test_registration_views import form_data
from tests.pagecache import assert_shows_the_change, warm

PEER, IBASHO, TRAINING = "分科会A：ピアサポート", "分科会B：居場所づくり", "分科会C：研修"


def make_workshop(tracks, *, capacity=30, sessions=2, **fields):
    """A published workshop of `sessions` sessions whose tracks are `tracks`, {session number
    (0-based): [(label, seats)]}: the dates saved first, then the tracks naming them, as an
    editor does."""
    event = make_event(
        "つながりサポーター ワークショップ",
        capacity=capacity,
        category=EventPage.Category.WORKSHOP,
        **fields,
    )
    first = event.sessions.get()
    event.sessions = [first] + [
        EventSession(
            title=f"第{n + 1}回",
            starts_at=first.starts_at + timedelta(days=7 * n),
            ends_at=first.ends_at + timedelta(days=7 * n),
        )
        for n in range(1, sessions)
    ]
    event.save_revision().publish()
    event = EventPage.objects.get(pk=event.pk)
    saved = list(event.sessions.order_by("starts_at"))
    event.session_tracks = [
        SessionTrack(session=saved[n], label=label, capacity=seats)
        for n, rows in tracks.items()
        for label, seats in rows
    ]
    event.save_revision().publish()
    return EventPage.objects.get(pk=event.pk)


def track(event, label):
    return event.session_tracks.get(label=label)


def choose(event, *labels):
    """The form's fields of the tracks named by `labels`, one per session."""
    return {
        field_name(track(event, label).session_id): str(track(event, label).pk) for label in labels
    }


def register(run, client, event, email, *labels, **overrides):
    data = form_data(event, email=email, submission_key=f"key-{email}", **overrides)
    data.update(choose(event, *labels))
    return run(client.post, event.url, data)


def chosen(email):
    return sorted(
        TrackChoice.objects.filter(registration__person__email=email).values_list(
            "track__label", flat=True
        )
    )


@pytest.fixture
def workshop(db):
    """Session 1 has two tracks (one seat in peer support, two in ibasho); session 2 one track
    with unlimited seats."""
    return make_workshop({0: [(PEER, 1), (IBASHO, 2)], 1: [(TRAINING, None)]})


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_the_form_asks_one_track_per_session_with_seats_left(client, workshop):
    page = soup(client.get(workshop.url))
    groups = {}
    for radio in page.select('input[type=radio][name^="track_"]'):
        fieldset = radio.find_parent("fieldset")
        legend = fieldset.find("legend").get_text(" ", strip=True)
        groups.setdefault(radio["name"], (legend, []))[1].append(
            radio.find_parent("label").get_text(strip=True)
        )
    first, second = workshop.sessions.order_by("starts_at")
    assert set(groups) == {field_name(first.pk), field_name(second.pk)}
    legend, labels = groups[field_name(first.pk)]
    assert "(必須)" in legend or "必須" in legend
    assert labels == [f"{PEER}（残り1席）", f"{IBASHO}（残り2席）"]
    legend, labels = groups[field_name(second.pk)]
    assert "第2回" in legend and labels == [TRAINING]
    # The page lists each session's tracks with their seats left.
    main = page.select_one("main").get_text(" ", strip=True)
    assert f"{PEER}: 残り1席" in main and f"{IBASHO}: 残り2席" in main


def test_choosing_a_track_per_session_registers_and_mails_them(run, client, workshop):
    response = register(run, client, workshop, "a@example.jp", PEER, TRAINING)
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.status == Status.CONFIRMED
    assert chosen("a@example.jp") == sorted([PEER, TRAINING])
    (confirmation,) = mail.outbox
    assert PEER in confirmation.body and TRAINING in confirmation.body
    # The page, asked again, shows the seat taken and the full track disabled.
    page = soup(client.get(workshop.url))
    peer = page.find("input", attrs={"type": "radio", "value": str(track(workshop, PEER).pk)})
    assert peer.has_attr("disabled")
    assert f"{PEER}（満席）" in peer.find_parent("label").get_text(strip=True)


def test_a_full_track_is_refused_on_its_session_keeping_what_was_typed(run, client, workshop):
    register(run, client, workshop, "a@example.jp", PEER, TRAINING)
    response = register(run, client, workshop, "b@example.jp", PEER, TRAINING, name="佐藤 陽子")
    assert response.status_code == 200
    page = soup(response)
    session = track(workshop, PEER).session_id
    error = page.find(id=f"id_{field_name(session)}_error")
    assert error is not None and "満席" in error.get_text()
    assert "佐藤 陽子" in response.content.decode() and "b@example.jp" in response.content.decode()
    # The other session's choice stays chosen.
    training = page.find(
        "input", attrs={"type": "radio", "value": str(track(workshop, TRAINING).pk)}
    )
    assert training.has_attr("checked")
    assert Registration.objects.filter(person__email="b@example.jp").count() == 0
    assert TrackChoice.objects.count() == 2
    # Another track of the session with room is taken.
    assert register(run, client, workshop, "b@example.jp", IBASHO, TRAINING).status_code == 302
    assert chosen("b@example.jp") == sorted([IBASHO, TRAINING])


def test_a_missing_choice_is_refused_on_its_session(run, client, workshop):
    response = register(run, client, workshop, "a@example.jp", PEER)
    assert response.status_code == 200
    second = workshop.sessions.order_by("starts_at")[1]
    error = soup(response).find(id=f"id_{field_name(second.pk)}_error")
    assert error is not None and "分科会を選んでください" in error.get_text()
    assert not Registration.objects.exists()
    with pytest.raises(services.RegistrationError) as refused:
        services.register(
            workshop,
            quota=workshop.quotas.get(),
            name="直接",
            email="direct@example.jp",
            tracks={track(workshop, PEER).session_id: track(workshop, PEER).pk},
        )
    assert refused.value.code == "track_missing"


@pytest.mark.parametrize("sent", ["", "abc", "9999999", "-1", "other-session", "other-event"])
def test_a_foreign_or_bad_track_is_refused_clearly(run, client, workshop, sent):
    session = track(workshop, PEER).session_id
    if sent == "other-session":
        sent = str(track(workshop, TRAINING).pk)
    elif sent == "other-event":
        other = make_workshop({0: [("別の分科会", 5)]}, slug="other")
        sent = str(other.session_tracks.get().pk)
    data = form_data(workshop, email="x@example.jp", name="佐藤 陽子")
    data.update(choose(workshop, TRAINING))
    data[field_name(session)] = sent
    response = run(client.post, workshop.url, data)
    assert response.status_code == 200
    error = soup(response).find(id=f"id_{field_name(session)}_error")
    assert error is not None
    assert "佐藤 陽子" in response.content.decode()
    assert not Registration.objects.exists()
    # The service says the same to any caller.
    with pytest.raises(services.RegistrationError) as refused:
        services.register(
            workshop,
            quota=workshop.quotas.get(),
            name="直接",
            email="direct@example.jp",
            tracks={
                session: sent or "",
                track(workshop, TRAINING).session_id: track(workshop, TRAINING).pk,
            },
        )
    assert refused.value.code in ("wrong_track", "track_missing")


def test_cancelling_frees_the_track_seat(run, client, workshop):
    register(run, client, workshop, "a@example.jp", PEER, TRAINING)
    run(services.cancel_registration, Registration.objects.get())
    rows = queries.session_tracks(workshop)
    assert rows[0]["tracks"][0]["left"] == 1
    assert register(run, client, workshop, "b@example.jp", PEER, TRAINING).status_code == 302
    assert Registration.objects.get(person__email="b@example.jp").status == Status.CONFIRMED


def test_a_party_grows_only_into_room_left_in_its_tracks(run, client, workshop):
    """Two seats in ibasho: a registrant alone there cannot bring two companions (three seats),
    but may bring one; the quota (30 seats) would have let both through."""
    register(run, client, workshop, "a@example.jp", IBASHO, TRAINING)
    registration = Registration.objects.get()
    with pytest.raises(services.RegistrationError) as refused:
        run(services.change_companions, registration, 2)
    assert refused.value.code == "track_full"
    registration.refresh_from_db()
    assert registration.seats == 1
    run(services.change_companions, registration, 1)
    registration.refresh_from_db()
    assert registration.seats == 2
    assert queries.session_tracks(workshop)[0]["tracks"][1]["left"] == 0


def test_the_cached_page_shows_the_new_seats_left_on_the_next_request(run, client, workshop):
    before = warm(client, workshop.url)
    assert f"{IBASHO}: 残り2席" in before.content.decode()
    ibasho, training, peer = (track(workshop, label) for label in (IBASHO, TRAINING, PEER))
    registration, _created = run(
        services.register,
        workshop,
        quota=workshop.quotas.get(),
        name="山田",
        email="y@example.jp",
        tracks={ibasho.session_id: ibasho.pk, training.session_id: training.pk},
    )
    after = assert_shows_the_change(client, workshop.url, before)
    assert f"{IBASHO}: 残り1席" in after.content.decode()
    # Changing the track on the private page moves the seat, and the page shows it too.
    before = warm(client, workshop.url)
    run(services.change_tracks, registration, {peer.session_id: peer.pk})
    page = assert_shows_the_change(client, workshop.url, before).content.decode()
    assert f"{IBASHO}: 残り2席" in page and f"{PEER}: 満席" in page


def test_a_waitlisted_wish_counts_once_promoted_and_a_full_one_is_dropped(run, db):
    event = make_workshop({0: [(PEER, 1), (IBASHO, 5)]}, capacity=2, slug="small")
    quota = event.quotas.get()
    peer, ibasho = track(event, PEER), track(event, IBASHO)

    def register_for(email, chosen):
        registration, _created = run(
            services.register,
            event,
            quota=quota,
            name=email,
            email=email,
            tracks={chosen.session_id: chosen.pk},
        )
        return registration

    first = register_for("1@example.jp", ibasho)
    register_for("2@example.jp", peer)
    # The event is full: the next waits, and may wish for the full track; the wish holds no
    # seat of it.
    waiting = register_for("3@example.jp", peer)
    assert waiting.status == Status.WAITLISTED
    assert chosen("3@example.jp") == [PEER]
    assert queries.session_tracks(event)[0]["tracks"][0]["left"] == 0
    # A place frees up: the person gets it, but peer support has no room, so the wish is
    # dropped and the mail asks to choose again.
    run(services.cancel_registration, first)
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    assert chosen("3@example.jp") == []
    assert services.tracks.missing_sessions(waiting) == [peer.session_id]
    promoted = [m for m in mail.outbox if m.to == ["3@example.jp"]][-1]
    assert "下のリンクから選んでください" in promoted.body
    assert TrackChoice.objects.filter(track=peer, registration__status="confirmed").count() == 1


def test_the_private_page_shows_and_changes_the_track(run, client, workshop):
    register(run, client, workshop, "a@example.jp", IBASHO, TRAINING)
    register(run, client, workshop, "b@example.jp", PEER, TRAINING)
    registration = Registration.objects.get(person__email="a@example.jp")
    token = issue_token(registration.person, registration.token_purpose)
    url = reverse(
        "events:registration", kwargs={"reference": registration.reference, "token": token}
    )
    page = client.get(url).content.decode()
    assert IBASHO in page and TRAINING in page
    session = track(workshop, PEER).session_id
    # The full track is refused, the registration keeps its track.
    response = run(
        client.post,
        url,
        {"action": "tracks", field_name(session): str(track(workshop, PEER).pk)},
        follow=True,
    )
    assert "満席" in response.content.decode()
    assert chosen("a@example.jp") == sorted([IBASHO, TRAINING])
    # A cancellation frees it: the change goes through.
    run(services.cancel_registration, Registration.objects.get(person__email="b@example.jp"))
    response = run(
        client.post,
        url,
        {"action": "tracks", field_name(session): str(track(workshop, PEER).pk)},
        follow=True,
    )
    assert chosen("a@example.jp") == sorted([PEER, TRAINING])


def test_a_translation_names_the_tracks_in_its_words_and_registrations_hold_the_originals(
    client, workshop, django_capture_on_commit_callbacks
):
    from tests.fooddrives.test_translation import translate

    english = Locale.objects.get(language_code="en")
    make_index().copy_for_translation(english).save_revision().publish()
    words = {
        PEER: "Track A: peer support",
        IBASHO: "Track B: places to belong",
        TRAINING: "Track C: training",
    }
    translated = translate(workshop, english, words, django_capture_on_commit_callbacks)
    translated = EventPage.objects.get(pk=translated.pk)
    copies = list(translated.session_tracks.order_by("sort_order"))
    assert [(t.label, t.capacity, t.locale_id) for t in copies] == [
        ("Track A: peer support", 1, english.pk),
        ("Track B: places to belong", 2, english.pk),
        ("Track C: training", None, english.pk),
    ]
    originals = {t.translation_key: t for t in workshop.session_tracks.all()}
    assert {t.translation_key for t in copies} == set(originals)

    page = soup(client.get(translated.url))
    radios = page.select('input[type=radio][name^="track_"]')
    assert {r["value"] for r in radios} == {str(t.pk) for t in originals.values()}
    labels = [r.find_parent("label").get_text(strip=True) for r in radios]
    assert any(label.startswith("Track A: peer support") for label in labels)
    assert PEER not in page.select_one("main").get_text()

    data = form_data(translated, email="en@example.jp")
    data["quota"] = str(workshop.quotas.get().pk)
    data.update(choose(workshop, PEER, TRAINING))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(translated.url, data)
    assert response.status_code == 302, soup(response).select_one("main").get_text()[:2000]
    registration = Registration.objects.get()
    assert registration.event_id == workshop.pk
    assert {c.track_id for c in registration.track_choices.all()} == {
        track(workshop, PEER).pk,
        track(workshop, TRAINING).pk,
    }
    # The English page counts the original's seats.
    assert "Track A: peer support: Full" in soup(client.get(translated.url)).get_text(
        " ", strip=True
    )


def test_an_editor_adds_a_track_to_a_saved_session_and_cannot_remove_a_chosen_one(
    run, client, admin_client, db
):
    from tests.events.test_editing import edit_data

    event = make_event(capacity=10, slug="edited")
    session = event.sessions.get()
    quotas = [{"id": event.quotas.get().pk, "label": "", "mode": "onsite", "capacity": "10"}]
    url = reverse("wagtailadmin_pages:edit", args=[event.pk])
    # A session of another page is refused on the track's row.
    other = make_event(slug="other-page").sessions.get()
    foreign = [{"id": "", "session": other.pk, "label": PEER, "capacity": "3"}]
    response = admin_client.post(url, edit_data(event, quotas, foreign))
    assert response.status_code == 200
    assert not SessionTrack.objects.filter(page=event).exists()

    added = [{"id": "", "session": session.pk, "label": PEER, "capacity": "3"}]
    response = admin_client.post(url, edit_data(event, quotas, added))
    assert response.status_code == 302, response.context["form"].errors
    peer = SessionTrack.objects.get(page=event)
    assert (peer.session, peer.label, peer.capacity) == (session, PEER, 3)

    assert register(run, client, event, "a@example.jp", PEER).status_code == 302
    removed = [
        {"id": peer.pk, "session": session.pk, "label": PEER, "capacity": "3", "DELETE": "1"}
    ]
    response = admin_client.post(
        url, edit_data(EventPage.objects.get(pk=event.pk), quotas, removed)
    )
    assert response.status_code == 200
    assert "選ばれている分科会は削除できません。" in response.content.decode()
    assert SessionTrack.objects.filter(pk=peer.pk).exists()


def test_the_editor_offers_only_the_pages_saved_sessions(workshop):
    from events.models import EventPageForm

    form_class = EventPage.get_edit_handler().get_form_class()
    form = form_class(instance=workshop, for_user=None)
    offered = set(form.formsets["session_tracks"].forms[0].fields["session"].queryset)
    assert offered == set(workshop.sessions.all())
    assert issubclass(form_class, EventPageForm)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_registrations_choosing_a_three_seat_track_confirm_exactly_three():
    from tests.concurrency import run_concurrently

    event = make_workshop({0: [(PEER, 3), (IBASHO, None)]}, capacity=50, slug="parallel")
    quota = event.quotas.get()
    peer = track(event, PEER)

    def attempt(i):
        try:
            registration, _created = services.register(
                event,
                quota=quota,
                name=f"参加者{i}",
                email=f"t{i}@example.jp",
                tracks={peer.session_id: peer.pk},
            )
        except services.RegistrationError as error:
            return error.code
        return registration.status

    results, errors = run_concurrently(attempt, 12)
    assert errors == []
    assert results.count(Status.CONFIRMED) == 3
    assert results.count("track_full") == 9
    held = TrackChoice.objects.filter(track=peer, registration__status__in=[Status.CONFIRMED])
    assert held.count() == 3
    assert Registration.objects.filter(event=event).count() == 3
