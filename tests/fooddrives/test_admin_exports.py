"""A drive's pledges and its food in and out as CSV and Excel; the staff page and the exports
cost the same number of queries for a handful of pledges or for many."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext

from cms.core.models import ExportLog
from events.fooddrives import services
from tests.documents import csv_rows, xlsx_sheet
from tests.fooddrives.admin_fixtures import (  # noqa: F401
    drive_fixture,
    item,
    make_drive,
    make_pledge,
    staff_fixture,
)
from tests.roles import member_editor, trainer

pytestmark = pytest.mark.django_db


def url(name, drive):
    return reverse(f"fooddrives_admin:{name}", args=[drive.pk])


def test_the_pledges_workbook_has_a_column_per_food_and_guards_formulas(client, staff, drive):
    first = make_pledge(
        drive, {"米": 10, "缶詰": 4}, name='=HYPERLINK("http://evil.example","押す")', phone=""
    )
    cans = first.lines.get(item__name="缶詰")
    cans.best_before = first.drop_off_on.replace(year=first.drop_off_on.year + 1)
    cans.save()
    make_pledge(drive, {"調味料": 2}, name="飯山 花子", email=False)
    response = client.get(url("export_xlsx", drive))
    assert response["Content-Disposition"] == f'attachment; filename="pledges-{drive.pk}.xlsx"'
    sheet = xlsx_sheet(response.content)
    header = [cell.value for cell in sheet[1]]
    assert header[-4:-1] == ["米 (kg)", "缶詰 (個)", "調味料 (本)"]
    rows = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)]
    assert len(rows) == 2
    by_name = {row[header[1]].value: row for row in rows}
    evil = by_name['=HYPERLINK("http://evil.example","押す")']
    assert evil[header[1]].data_type == "s" and evil[header[1]].quotePrefix
    assert evil["米 (kg)"].value == 10 and evil["米 (kg)"].data_type == "n"
    assert evil["調味料 (本)"].value is None
    assert evil[header[-1]].value == f"缶詰 {cans.best_before.isoformat()}"
    assert evil[header[6]].is_date  # the drop-off day, a real date
    hanako = by_name["飯山 花子"]
    assert hanako[header[4]].value is None  # taken without an e-mail
    assert ExportLog.objects.get().rows == 2


def test_the_pledges_csv_opens_in_japanese_excel_and_each_export_is_logged(client, staff, drive):
    make_pledge(drive, {"米": 3}, name="-1+1")
    rows = csv_rows(client.get(url("export", drive)))
    assert rows[1][1] == "'-1+1"
    assert rows[1][-4] == "3"
    client.get(url("export", drive))
    assert [(log.user, log.rows) for log in ExportLog.objects.all()] == [(staff, 1)] * 2


def test_food_in_and_out_names_organisations_but_no_person_and_is_not_logged(client, staff, drive):
    rice = item(drive, "米")
    pledge = make_pledge(drive, {"米": 10}, name="飯山 花子")
    services.receive_pledge(pledge, {pledge.lines.get().pk: 10})
    services.record_intake(drive, item=rice, quantity=5, donor="回収ボックス")
    services.distribute(drive, item=rice, quantity=12, recipient_name="だれでも食堂")
    for name in ("stock_export", "stock_export_xlsx"):
        response = client.get(url(name, drive))
        assert "飯山 花子".encode() not in response.content
        assert b"0269" not in response.content and b"example.jp" not in response.content
    rows = csv_rows(client.get(url("stock_export", drive)))
    assert sorted((row[2], row[3], row[5]) for row in rows[1:]) == [
        ("米", "10", gettext("Pledge")),
        ("米", "12", "だれでも食堂"),
        ("米", "5", "回収ボックス"),
    ]
    sheet = xlsx_sheet(client.get(url("stock_export_xlsx", drive)).content)
    assert sheet.cell(2, 1).is_date and sheet.cell(2, 4).data_type == "n"
    assert not ExportLog.objects.exists()


def _queries(client, address):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["drive", "export", "export_xlsx", "stock_export"])
def test_a_few_pledges_or_many_cost_the_same_queries(client, staff, name):
    small, large = make_drive(slug="small"), make_drive(slug="large")
    for drive, count in ((small, 2), (large, 40)):
        for n in range(count):
            pledge = make_pledge(drive, {"米": 1, "缶詰": 1}, day=1 + n % 5, point=n % 2)
            if n % 3 == 0:
                services.receive_pledge(pledge, {line.pk: 1 for line in pledge.lines.all()})
        services.distribute(drive, item=item(drive, "米"), quantity=1, recipient_name="食堂")
    assert _queries(client, url(name, large)) == _queries(client, url(name, small))


def test_only_staff_of_the_drive_may_export(client, drive):
    make_pledge(drive)
    for user in (member_editor(), trainer()):
        client.force_login(user)
        for name in ("export", "export_xlsx", "stock_export", "stock_export_xlsx"):
            assert client.get(url(name, drive)).status_code in (302, 403)
    assert not ExportLog.objects.exists()
