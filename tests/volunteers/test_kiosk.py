"""Sign-up at the venue by QR code: the poster for staff, the page it opens, one tap for a
volunteer whose phone remembers them, joining or getting a link for everyone else."""

import re
from urllib.parse import unquote

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cms.people.services import issue_token
from events.capacity import Status
from tests.volunteers.conftest import (
    make_opportunity,
    make_qualification,
    make_role,
    make_shift,
    make_volunteer,
)
from tests.volunteers.test_views import JOIN
from volunteers import services
from volunteers.models import ShiftSignup, Volunteer

pytestmark = pytest.mark.django_db


def kiosk_url(opportunity):
    return reverse("volunteers:kiosk", kwargs={"opportunity": opportunity.pk})


def my_page_url(volunteer):
    return reverse(
        "volunteers:my_page", kwargs={"token": issue_token(volunteer.person, "volunteer")}
    )


def remember(client, volunteer):
    url = my_page_url(volunteer)
    client.post(url + "remember/", {"action": "remember"})
    return url


@pytest.fixture
def food_drive():
    return make_opportunity("フードドライブ 仕分け", place="飯山市福祉会館")


def test_the_kiosk_lists_only_this_opportunitys_open_shifts(client, food_drive):
    make_shift(food_drive, role=make_role("仕分け"), hours=48)
    make_shift(food_drive, role=make_role("受付"), hours=24 * 5)
    make_shift(make_opportunity("地域食堂"), role=make_role("調理"))
    body = client.get(kiosk_url(food_drive)).content.decode()
    assert "<h3>仕分け" in body and "<h3>受付" in body and "<h3>調理" not in body
    assert "ボランティア登録" in body and "リンクを送る" in body
    day = make_shift(food_drive, role=make_role("運転"), hours=24 * 10).starts_at
    one_day = client.get(kiosk_url(food_drive), {"date": day.astimezone().date().isoformat()})
    assert "<h3>運転" in one_day.content.decode() and "<h3>受付" not in one_day.content.decode()


def test_an_unknown_opportunity_or_bad_input_never_fails(client, food_drive):
    assert client.get("/ja/volunteers/at/999999/").status_code == 404
    assert client.get(kiosk_url(food_drive), {"date": "2026-13-45"}).status_code == 200
    url = kiosk_url(food_drive)
    assert client.post(url + "link/", {"email": "not an address"}).status_code == 302
    assert client.post(url + "shifts/999999/sign-up/").status_code == 404


def test_a_remembered_phone_signs_up_with_one_tap(client, food_drive, run):
    volunteer = make_volunteer(name="飯山 花子")
    shift = make_shift(food_drive)
    remember(client, volunteer)
    response = client.get(kiosk_url(food_drive))
    body = response.content.decode()
    assert "飯山 花子" in body
    assert response["Cache-Control"] == "private, no-store"
    button = re.search(r'action="(/ja/volunteers/at/\d+/shifts/\d+/sign-up/)"', body).group(1)
    response = run(client.post, button, follow=True)
    assert "申込みが完了しました" in response.content.decode()
    assert ShiftSignup.objects.get(volunteer=volunteer, shift=shift).status == Status.CONFIRMED


def test_a_refused_tap_says_why_and_changes_nothing(client, food_drive):
    volunteer = make_volunteer()
    shift = make_shift(food_drive, role=make_role("見守り", make_qualification()))
    remember(client, volunteer)
    url = reverse(
        "volunteers:kiosk_sign_up", kwargs={"opportunity": food_drive.pk, "shift": shift.pk}
    )
    response = client.post(url, follow=True)
    assert "資格が必要です" in response.content.decode()
    assert not ShiftSignup.objects.exists()
    # A shift of another opportunity cannot be reached through this kiosk.
    other = make_shift(make_opportunity("地域食堂"))
    url = reverse(
        "volunteers:kiosk_sign_up", kwargs={"opportunity": food_drive.pk, "shift": other.pk}
    )
    assert client.post(url).status_code == 404


def test_a_phone_that_does_not_know_anyone_signs_nobody_up(client, food_drive):
    shift = make_shift(food_drive)
    url = reverse(
        "volunteers:kiosk_sign_up", kwargs={"opportunity": food_drive.pk, "shift": shift.pk}
    )
    response = client.post(url, follow=True)
    assert "この端末では" in response.content.decode()
    assert not ShiftSignup.objects.exists()
    # GET changes nothing either.
    assert client.get(url).status_code == 405


def test_forgetting_or_replacing_the_link_ends_the_remembered_phone(client, food_drive):
    volunteer = make_volunteer(name="飯山 花子")
    make_shift(food_drive)
    page = remember(client, volunteer)
    assert "飯山 花子" in client.get(kiosk_url(food_drive)).content.decode()
    client.post(kiosk_url(food_drive) + "forget/")
    assert "飯山 花子" not in client.get(kiosk_url(food_drive)).content.decode()

    remember(client, volunteer)
    client.post(page + "new-link/")
    body = client.get(kiosk_url(food_drive)).content.decode()
    assert "飯山 花子" not in body and "リンクを送る" in body


def test_a_newcomer_joins_at_the_kiosk_and_lands_on_its_shifts(client, food_drive, run):
    shift = make_shift(food_drive, role=make_role("仕分け"))
    make_shift(make_opportunity("地域食堂"), role=make_role("調理"))
    body = client.get(kiosk_url(food_drive)).content.decode()
    join = re.search(r'href="(/ja/volunteers/join/\?opportunity=\d+)"', body).group(1)
    form = client.get(join).content.decode()
    assert f'name="opportunity" value="{food_drive.pk}"' in form
    run(client.post, join, {**JOIN, "opportunity": food_drive.pk})
    confirm = re.search(r"http://testserver(\S+)", mail.outbox[0].body).group(1)
    assert confirm.endswith(f"?opportunity={food_drive.pk}")
    response = client.post(confirm, follow=True)
    body = response.content.decode()
    assert "メールアドレスを確認しました" in body
    assert "<h2>仕分け" in body and "<h2>調理" not in body
    volunteer = Volunteer.objects.get()
    button = re.search(r'action="([^"]+/sign-up/)"', body).group(1)
    client.post(button)
    assert ShiftSignup.objects.get(volunteer=volunteer).shift == shift


def test_a_tampered_opportunity_on_the_join_form_is_ignored(client, run):
    response = run(client.post, reverse("volunteers:join"), {**JOIN, "opportunity": "x; DROP"})
    assert response.status_code == 302
    assert "opportunity" not in mail.outbox[0].body


def test_a_registered_volunteer_gets_a_link_to_these_shifts(client, food_drive, run):
    volunteer = make_volunteer(email="hanako@example.jp")
    make_shift(food_drive, role=make_role("仕分け"))
    make_shift(make_opportunity("地域食堂"), role=make_role("調理"))
    url = kiosk_url(food_drive) + "link/"
    known = run(client.post, url, {"email": "ＨＡＮＡＫＯ@example.jp"}, follow=True)
    unknown = run(client.post, url, {"email": "nobody@example.jp"}, follow=True)
    for response in (known, unknown):
        assert "登録済みのアドレスであれば" in response.content.decode()
    [sent] = mail.outbox
    assert sent.to == [volunteer.person.email]
    link = re.search(r"http://testserver(\S+)", sent.body).group(1)
    assert link.endswith(f"/shifts/?opportunity={food_drive.pk}")
    body = client.get(link).content.decode()
    assert "<h2>仕分け" in body and "<h2>調理" not in body


def test_the_kiosk_page_costs_the_same_queries_for_any_number_of_shifts(client, food_drive):
    volunteer = make_volunteer()
    make_shift(food_drive)
    client.get(kiosk_url(food_drive))  # the first request of a site creates its settings row
    counts = []
    for remembered in (False, True):
        if remembered:
            remember(client, volunteer)
        for _round in range(2):
            client.get(kiosk_url(food_drive))  # the frame, read again after a change
            with CaptureQueriesContext(connection) as queries:
                assert client.get(kiosk_url(food_drive)).status_code == 200
            counts.append(len(queries))
            for i in range(4):
                shift = make_shift(food_drive, role=make_role(f"役割{i}"), hours=100 + 10 * i)
                services.sign_up(make_volunteer(), shift)
    assert counts[0] == counts[1] and counts[2] == counts[3]


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(date=st.text(max_size=20), email=st.text(max_size=300))
def test_the_kiosk_never_fails(client, date, email):
    opportunity = make_opportunity()
    response = client.get(kiosk_url(opportunity), {"date": date})
    assert response.status_code == 200
    response = client.post(kiosk_url(opportunity) + "link/", {"email": email})
    assert response.status_code == 302


# The poster --------------------------------------------------------------------------------


def poster_url(opportunity):
    return reverse("volunteers_admin:poster", args=[opportunity.pk])


def test_the_poster_is_for_coordinators_only(client, django_user_model, food_drive):
    user = django_user_model.objects.create_user("editor", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get(poster_url(food_drive)).status_code in (302, 403)
    client.logout()
    assert client.get(poster_url(food_drive)).status_code == 302


def test_the_poster_shows_a_qr_code_of_the_kiosk_page_for_all_days_or_one(
    client, admin_user, food_drive
):
    import segno

    client.force_login(admin_user)
    shift = make_shift(food_drive)
    body = client.get(poster_url(food_drive)).content.decode()
    address = f"http://testserver/volunteers/at/{food_drive.pk}/"
    assert address in body and "フードドライブ 仕分け" in body
    # The address has no language: each phone is sent on to its own.
    response = client.get(address.removeprefix("http://testserver"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert response["Location"] == f"/en/volunteers/at/{food_drive.pk}/"
    image = re.search(r'<img src="(data:image/svg\+xml[^"]+)" alt="([^"]+)"', body)
    assert image.group(2)
    expected = segno.make(address, error="m").svg_data_uri(scale=10, border=2, omitsize=True)
    assert unquote(image.group(1).replace("&#x27;", "'")) == unquote(expected)
    day = shift.starts_at.astimezone().date().isoformat()
    roster = client.get(
        reverse("volunteers_admin:roster", args=[food_drive.pk]), {"date": day}
    ).content.decode()
    assert f"poster/?date={day}" in roster
    one_day = client.get(poster_url(food_drive), {"date": day}).content.decode()
    assert f"{address}?date={day}" in one_day
    assert client.get(poster_url(food_drive), {"date": "junk"}).status_code == 200


def test_the_kiosk_speaks_the_visitors_language(client, food_drive):
    from wagtail.models import Locale

    english = food_drive.copy_for_translation(Locale.objects.get_or_create(language_code="en")[0])
    english.title = "Food drive: sorting"
    english.save()
    make_shift(food_drive)
    body = client.get(f"/en/volunteers/at/{food_drive.pk}/").content.decode()
    assert "<h1>Food drive: sorting</h1>" in body
    # The translation's own id leads to the same shifts.
    assert client.get(f"/en/volunteers/at/{english.pk}/").status_code == 200
