"""Staff: registrations list, adding someone by phone, cancelling, CSV export, check-in."""

import csv
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse

from cms.core.models import ExportLog
from events import services
from events.models import Registration
from tests.events.conftest import make_event


@pytest.fixture
def staff(client, django_user_model):
    user = django_user_model.objects.create_superuser("jimukyoku", "staff@example.jp", "pw")
    client.force_login(user)
    return user


def url(name, event):
    return reverse(f"events_admin:{name}", args=[event.pk])


def register(event, n, **kw):
    return services.register(
        event,
        quota=event.quotas.get(),
        name=f"山田 {n}",
        name_kana=f"やまだ {n}",
        email=f"{n}@example.jp",
        **kw,
    )[0]


def test_the_list_shows_the_waitlist_in_order_and_searches_name_or_kana(client, staff, db):
    event = make_event(capacity=1)
    register(event, "たろう")
    register(event, "じろう")
    register(event, "さぶろう")
    body = client.get(url("registrations", event)).content.decode()
    assert body.index("じろう") < body.index("さぶろう")
    assert "1番" in body or "no. 1" in body
    found = client.get(url("registrations", event), {"q": "ジロウ"}).content.decode()
    assert "じろう" in found and "さぶろう" not in found


def test_staff_add_someone_by_phone_without_email_and_capacity_still_holds(client, staff, db):
    event = make_event(capacity=1)
    register(event, "a")
    data = {
        "name": "電話 受付",
        "name_kana": "でんわ うけつけ",
        "email": "",
        "phone": "0269-00-0000",
        "companions": "0",
        "language": "ja",
        "quota": str(event.quotas.get().pk),
        "submission_key": "s1",
    }
    response = client.post(url("add", event), data)
    assert response.status_code == 302
    added = Registration.objects.get(person__name="電話 受付")
    assert (added.status, added.created_by) == ("waitlisted", staff)
    client.post(
        url("add", event),
        {**data, "name": "来賓", "submission_key": "s2", "override_reason": "来賓席"},
    )
    guest = Registration.objects.get(person__name="来賓")
    assert (guest.status, guest.override_reason) == ("confirmed", "来賓席")


def test_staff_cancel_promotes_the_waitlist(client, staff, db):
    event = make_event(capacity=1)
    first = register(event, "a")
    second = register(event, "b")
    client.post(url("registrations", event), {"registration": first.pk})
    second.refresh_from_db()
    assert second.status == "confirmed"


def test_the_csv_opens_in_japanese_excel_and_the_export_is_logged(client, staff, db):
    event = make_event(capacity=5)
    register(event, "=cmd")
    response = client.get(url("export", event))
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff"))))
    assert rows[0][1:3] == ["キャンセル待ちの順番", "名前"]
    assert rows[1][2] == "山田 =cmd"
    assert ExportLog.objects.get().rows == 1


def test_check_in_finds_by_kana_marks_attended_and_records_walk_ins(client, staff, db):
    event = make_event(capacity=1)
    registration = register(event, "はなこ")
    page = client.get(url("check_in", event), {"q": "ハナコ"}).content.decode()
    assert "はなこ" in page
    client.post(url("check_in", event), {"registration": registration.pk})
    registration.refresh_from_db()
    assert registration.status == "attended"
    client.post(
        url("check_in", event),
        {"action": "walk_in", "name": "飛び入り", "quota": event.quotas.get().pk},
    )
    walk_in = Registration.objects.get(person__name="飛び入り")
    assert (walk_in.status, walk_in.walk_in) == ("attended", True)
    assert (
        "2 checked in" in client.get(url("check_in", event)).content.decode()
        or "2名" in client.get(url("check_in", event)).content.decode()
    )
    assert not mail.outbox or all("飛び入り" not in m.body for m in mail.outbox)


def test_an_editor_without_rights_on_the_event_sees_nothing(client, django_user_model, db):
    event = make_event()
    register(event, "a")
    editor = django_user_model.objects.create_user("other", password="pw")
    group = Group.objects.create(name="no events")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    editor.groups.add(group)
    client.force_login(editor)
    for name in ("registrations", "add", "export", "check_in"):
        response = client.get(url(name, event))
        assert response.status_code == 302  # Wagtail sends them back with "permission denied"
        assert response["Location"] == "/admin/"
    assert not ExportLog.objects.exists()
    client.logout()
    assert "/login/" in client.get(url("export", event))["Location"]


def test_staff_message_all_confirmed_registrants(
    client, staff, db, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1)
    register(event, "a")
    register(event, "b")  # waiting
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("message", event), {"subject": "会場変更", "body": "2階の大会議室に変わりました。"}
        )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["a@example.jp"]]
    assert mail.outbox[0].subject.startswith("会場変更")
    assert "2階の大会議室" in mail.outbox[0].body
