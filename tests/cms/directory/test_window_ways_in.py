"""Every window can be reached (issue 21): the admin refuses a consultation window without a
way in that works, each way ticked with what it needs."""

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from cms.directory.windows.models import ConsultationWindow
from tests.cms.navigator.factories import ja
from tests.platforms import default_platform
from tests.roles import secretariat

pytestmark = pytest.mark.django_db

ADD = "/admin/snippets/directory/consultationwindow/add/?locale=ja"
# The editor's rows of opening hours (none here): cms.directory.windows.models.OpeningHours.
NO_ROWS = {
    "opening_hours-TOTAL_FORMS": "0",
    "opening_hours-INITIAL_FORMS": "0",
    "opening_hours-MIN_NUM_FORMS": "0",
    "opening_hours-MAX_NUM_FORMS": "1000",
}


def errors_of(**fields):
    window = ConsultationWindow(name="相談窓口", locale=ja(), platform=default_platform(), **fields)
    try:
        window.full_clean()
    except ValidationError as error:
        return error.message_dict
    return {}


def test_a_phone_line_needs_a_number_to_call():
    assert set(errors_of(by_phone=True)) == {"phone_numbers"}
    assert set(errors_of(by_phone=True, phone_numbers="番号は公式サイトで")) == {"phone_numbers"}
    assert errors_of(by_phone=True, phone_numbers="0120-279-338（24時間）") == {}


@pytest.mark.parametrize("way", ["by_chat", "by_line"])
def test_a_chat_or_line_needs_the_address_where_it_starts(way):
    assert set(errors_of(**{way: True})) == {"url"}
    assert errors_of(**{way: True, "url": "https://talkme.jp/"}) == {}


def test_a_counter_needs_its_address_and_hours():
    assert set(errors_of(by_visit=True)) == {"address", "hours"}
    assert set(errors_of(by_visit=True, hours="平日 9:00〜17:00")) == {"address"}
    assert errors_of(by_visit=True, hours="平日 9:00〜17:00", address="飯山市役所 1階") == {}


def test_a_way_that_works_does_not_excuse_one_that_does_not():
    errors = errors_of(by_phone=True, phone_numbers="0120-279-338", by_chat=True)
    assert set(errors) == {"url"}


def test_a_window_with_no_way_in_at_all_is_refused():
    assert set(errors_of()) == {NON_FIELD_ERRORS}
    # e-mail alone, without the address of the form to write in, is no way in either
    assert set(errors_of(by_mail=True)) == {NON_FIELD_ERRORS}
    assert errors_of(by_mail=True, url="https://soudanplus.jp/") == {}


def test_the_admin_refuses_a_chat_without_its_address_and_says_where(client):
    client.force_login(secretariat())
    data = {
        "name": "チャット相談",
        "area_level": "city",
        "sort_order": "0",
        "by_chat": "on",
        **NO_ROWS,
    }
    response = client.post(ADD, data)
    assert response.status_code == 200
    assert "url" in response.context["form"].errors
    assert not ConsultationWindow.objects.filter(name="チャット相談").exists()

    response = client.post(ADD, {**data, "url": "https://talkme.jp/"})
    assert response.status_code == 302
    assert ConsultationWindow.objects.get(name="チャット相談").ways_in == ["chat"]


def test_the_admin_shows_a_window_without_any_way_in_why_it_is_refused(client):
    client.force_login(secretariat())
    response = client.post(
        ADD, {"name": "窓口", "area_level": "city", "sort_order": "0", **NO_ROWS}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "この窓口への連絡方法" in response.content.decode()


def test_a_windows_page_shows_its_counter(client):
    item = ConsultationWindow.objects.create(
        name="市の相談窓口",
        locale=ja(),
        platform=default_platform(),
        by_visit=True,
        address="飯山市役所 1階",
        hours="平日 9:00〜17:00",
    )
    html = client.get(f"/ja/navigator/windows/{item.pk}/").content.decode()
    assert "飯山市役所 1階" in html and "来所の窓口" in html
