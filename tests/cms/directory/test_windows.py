"""Consultation windows: channels, numbers, and the yearly check by the secretariat."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone, translation

from cms.directory.windows.models import ConsultationWindow
from tests.cms.navigator.factories import window

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


def test_the_report_lists_them_for_the_secretariat(client, django_user_model):
    today = timezone.localdate()
    window("古い窓口", last_verified=today - dt.timedelta(days=400))
    window("確認済み窓口", last_verified=today)
    staff = django_user_model.objects.create_user("jimukyoku", password="x")
    group = Group.objects.create(name="事務局")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="change_consultationwindow"),
    )
    staff.groups.add(group)
    client.force_login(staff)
    response = client.get("/admin/reports/unverified-windows/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "古い窓口" in html and "確認済み窓口" not in html


def test_the_report_is_closed_to_editors_without_window_rights(client, django_user_model):
    editor = django_user_model.objects.create_user("member", password="x")
    group = Group.objects.create(name="参画団体")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    editor.groups.add(group)
    client.force_login(editor)
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


def test_a_window_links_to_its_page_in_its_own_language():
    from wagtail.models import Locale

    english = window("Yorisoi Hotline", locale=Locale.objects.get_or_create(language_code="en")[0])
    with translation.override("ja"):
        assert english.get_url() == f"/en/navigator/windows/{english.pk}/"
