"""The yearly report of food drives (年度): pledges by how they ended, food in and out per item,
the organisations that received it; a section of the yearly report, for the secretariat."""

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cms.core.fiscal import fiscal_year
from cms.core.models import Platform
from events.fooddrives import reports, services
from tests.fooddrives.admin_fixtures import (  # noqa: F401
    item,
    make_drive,
    make_pledge,
    staff_fixture,
)
from tests.roles import member_editor, secretariat, trainer

pytestmark = pytest.mark.django_db


def year():
    return fiscal_year(timezone.localdate() - timedelta(days=1))


@pytest.fixture
def drives():
    """This year's drive with pledges in every state, food in and out; last year's drive."""
    drive = make_drive()
    rice, cans = item(drive, "米"), item(drive, "缶詰")
    brought = make_pledge(drive, {"米": 10, "缶詰": 6}, name="飯山 花子")
    services.receive_pledge(brought, {line.pk: line.quantity for line in brought.lines.all()})
    make_pledge(drive, {"米": 5})
    services.cancel_pledge(make_pledge(drive, {"米": 5}))
    not_brought = make_pledge(drive, {"缶詰": 2})
    services.receive_pledge(not_brought, {})
    services.record_intake(drive, item=rice, quantity=20, donor="回収ボックス")
    services.distribute(drive, item=rice, quantity=18, recipient_name="だれでも食堂")
    services.distribute(drive, item=rice, quantity=7, recipient_name="フードバンク北信州")
    services.distribute(drive, item=cans, quantity=6, recipient_name="だれでも食堂")
    old = make_drive(
        "昨年度のフードドライブ",
        collection_starts_on=date(year() - 1, 10, 1),
        collection_ends_on=date(year() - 1, 10, 14),
    )
    services.record_intake(old, item=item(old, "米"), quantity=50)
    return drive, old


def test_a_row_per_drive_and_food_with_pledges_food_in_and_out_and_recipients(drives):
    drive, _old = drives
    header, table = reports.yearly_report_table(year(), Platform.objects.all())
    rows = [dict(zip(header, row, strict=True)) for row in table]
    mine = [row for row in rows if row[header[1]] == drive.title]
    assert [row[header[8]] for row in mine] == ["米", "缶詰", "調味料"]
    rice, cans, seasoning = mine
    # Pledges: received, not brought, still open, cancelled; on the drive's first row only.
    assert [rice[h] for h in header[4:8]] == [1, 1, 1, 1]
    assert [cans[h] for h in header[4:8]] == [None] * 4
    assert [rice[h] for h in header[9:15]] == ["kg", 120, 30, 25, 0, 5]
    assert rice[header[15]] == "だれでも食堂 18、フードバンク北信州 7"
    assert [cans[h] for h in header[11:15]] == [6, 6, 0, 0]
    assert [seasoning[h] for h in header[10:13]] == [None, 0, 0]
    assert "昨年度のフードドライブ" not in {row[header[1]] for row in rows}
    totals = [row for row in rows if row[header[1]] not in (drive.title,)]
    assert [row[header[4]] for row in totals] == [1, None, None]
    assert [(row[header[8]], row[header[11]], row[header[12]]) for row in totals] == [
        ("米", 30, 25),
        ("缶詰", 6, 6),
        ("調味料", 0, 0),
    ]
    last = dict(
        zip(
            header,
            reports.yearly_report_table(year() - 1, Platform.objects.all())[1][0],
            strict=True,
        )
    )
    assert (last[header[1]], last[header[11]]) == ("昨年度のフードドライブ", 50)


def test_an_empty_year_has_a_total_row_of_zeros(db):
    _header, table = reports.yearly_report_table(2001, Platform.objects.all())
    assert len(table) == 1 and table[0][4:8] == [0, 0, 0, 0]


def test_the_report_page_and_its_workbook_show_the_drives_and_no_names(client, drives):
    """The drives' table is the "fooddrives" section of the yearly report."""
    drive, _old = drives
    client.force_login(secretariat())
    address = reverse("yearly_report")
    page = client.get(address, {"year": year()})
    assert page.status_code == 200 and drive.title in page.content.decode()
    assert "飯山 花子" not in page.content.decode()
    assert client.get(address, {"year": "junk"}).status_code == 200
    response = client.get(reverse("yearly_report_xlsx"), {"year": year()})
    book = load_workbook(io.BytesIO(response.content))
    sheet = next(s for s in book.worksheets if s.title == "フードドライブ")
    rows = list(sheet.iter_rows(values_only=False))
    row = next(r for r in rows if r[1].value == drive.title)
    assert row[0].value == year() and row[2].is_date and row[11].data_type == "n"
    assert "飯山 花子".encode() not in response.content


def test_members_and_trainers_may_not_see_the_report(client, drives):
    for user in (member_editor(), trainer()):
        client.force_login(user)
        for name in ("yearly_report", "yearly_report_xlsx", "yearly_report_pdf"):
            response = client.get(reverse(name))
            assert response.status_code in (302, 403)
            assert "だれでも食堂".encode() not in response.content
