"""Consultation windows: channels, numbers, and the yearly check by the secretariat."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from cms.directory.windows.models import ConsultationWindow
from tests.cms.navigator.factories import window
from tests.roles import editor, member_editor, secretariat

pytestmark = pytest.mark.django_db


def test_windows_not_verified_for_a_year_are_the_ones_to_check():
    today = timezone.localdate()
    window("新しい", last_verified=today - dt.timedelta(days=30))
    window("古い", last_verified=today - dt.timedelta(days=400))
    window("未確認", last_verified=None)
    stale = ConsultationWindow.objects.not_verified_since(365)
    assert sorted(w.name for w in stale) == ["古い", "未確認"]
    assert ConsultationWindow.objects.get(name="古い").needs_verification
    assert not ConsultationWindow.objects.get(name="新しい").needs_verification


def test_the_report_lists_them_for_the_secretariat(client):
    today = timezone.localdate()
    window("古い窓口", last_verified=today - dt.timedelta(days=400))
    window("確認済み窓口", last_verified=today)
    client.force_login(secretariat())
    response = client.get("/admin/reports/unverified-windows/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "古い窓口" in html and "確認済み窓口" not in html


def test_the_report_is_closed_to_editors_without_window_rights(client):
    for user in (member_editor(), editor()):
        client.force_login(user)
        assert client.get("/admin/reports/unverified-windows/").status_code in (302, 403)


def test_channels_and_dialable_numbers():
    item = window(
        "よりそい",
        by_phone=True,
        by_chat=True,
        phone_numbers="０１２０-２７９-３３８\n0120-279-226（岩手・宮城・福島）\n",
    )
    with translation.override("en"):
        assert [str(c) for c in item.channels] == ["phone", "chat"]
    assert [n["tel"] for n in item.phone_list] == ["0120279338", "0120279226"]


def test_a_three_digit_national_number_is_dialable():
    item = window("189", phone_numbers="189（いちはやく・通話料無料）\n＃７１１０")
    assert [n["tel"] for n in item.phone_list] == ["189", "#7110"]


def test_a_window_links_to_its_page_in_its_own_language():
    from wagtail.models import Locale

    english = window("Yorisoi Hotline", locale=Locale.objects.get_or_create(language_code="en")[0])
    with translation.override("ja"):
        assert english.get_url() == f"/en/navigator/windows/{english.pk}/"
