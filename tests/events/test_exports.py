"""The registrations of an event as CSV and Excel: what Japanese Excel opens, typed cells, the
formula guard, a fixed number of queries, a log entry per export, and only for event staff."""

from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cms.core.models import ExportLog
from events import services
from events.models import Question
from tests.documents import csv_rows, xlsx_sheet
from tests.events.conftest import make_event
from tests.roles import member_editor, secretariat, trainer

pytestmark = pytest.mark.django_db


def url(event, name="export_xlsx"):
    return reverse(f"events_admin:{name}", args=[event.pk])


def register(event, n, name=None):
    return services.register(
        event,
        quota=event.quotas.get(),
        name=name or f"飯山 花子{n}",
        name_kana=f"いいやま はなこ{n}",
        email=f"p{n}@example.jp",
        answers=[{"question": "食物アレルギー", "answer": ["卵", "小麦"]}],
    )[0]


@pytest.fixture
def staff(client, db):
    user = secretariat()
    client.force_login(user)
    return user


def test_the_workbook_has_japanese_text_typed_cells_and_guarded_formulas(client, staff):
    event = make_event(capacity=1)
    Question.objects.create(
        page=event, label="食物アレルギー", kind="multiple_choice", choices="卵\n小麦"
    )
    first = register(event, 1, name='=HYPERLINK("http://evil.example","押す")')
    register(event, 2)
    services.check_in(first)
    response = client.get(url(event))
    assert (
        response["Content-Disposition"] == f'attachment; filename="registrations-{event.pk}.xlsx"'
    )
    sheet = xlsx_sheet(response.content)
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["申込みの状態", "キャンセル待ちの順番", "名前", "ふりがな"]
    assert header[-1] == "食物アレルギー"
    rows = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)]
    attended, waiting = rows
    assert attended["名前"].value == '=HYPERLINK("http://evil.example","押す")'
    assert attended["名前"].data_type == "s" and attended["名前"].quotePrefix
    assert attended["申込みの状態"].value == "出席"
    assert attended["人数"].value == 1 and attended["人数"].data_type == "n"
    registered = attended["申込日時"]
    assert registered.is_date
    assert registered.value == timezone.localtime(first.created_at).replace(
        tzinfo=None, microsecond=registered.value.microsecond
    )
    assert isinstance(attended["受付済み"].value, datetime)
    assert attended["食物アレルギー"].value == "卵、小麦"
    assert waiting["名前"].value == "飯山 花子2" and waiting["キャンセル待ちの順番"].value == 1
    assert ExportLog.objects.get().rows == 2


def test_the_csv_still_opens_in_japanese_excel(client, staff):
    event = make_event()
    register(event, 1, name="-1+1")
    rows = csv_rows(client.get(url(event, "export")))
    assert rows[1][2] == "'-1+1"
    assert rows[1][8][:4] == str(timezone.localdate().year)


@pytest.mark.parametrize("name", ["export", "export_xlsx"])
def test_the_export_costs_the_same_queries_for_two_or_twenty_registrations(
    client, staff, django_assert_max_num_queries, name
):
    small, large = make_event(capacity=50), make_event(capacity=50)
    for event, count in ((small, 2), (large, 20)):
        for n in range(count):
            register(event, f"{event.pk}-{n}")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url(small, name))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url(large, name))


def test_only_staff_of_the_event_may_export(client, db):
    event = make_event()
    register(event, 1)
    for name in ("export", "export_xlsx"):
        assert "/login/" in client.get(url(event, name))["Location"]
    for user in (member_editor(), trainer()):
        client.force_login(user)
        for name in ("export", "export_xlsx"):
            response = client.get(url(event, name))
            assert response.status_code == 302 and response["Location"] == "/admin/"
    assert not ExportLog.objects.exists()
    client.force_login(secretariat())
    assert client.get(url(event)).status_code == 200
    assert ExportLog.objects.count() == 1
