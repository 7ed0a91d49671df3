"""Corrections of the stock (棚卸差異, damaged, expired, miscount): new entries with a reason and
who made them, never an edit or a delete; the stock counts them, they never take it below
zero, and the yearly report counts food received and handed over without them."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cms.core import yearly
from cms.core.fiscal import fiscal_year
from cms.core.models import Platform
from events.fooddrives import reports, services
from events.fooddrives.models import StockCorrection
from tests.fooddrives.admin_fixtures import (  # noqa: F401
    drive_fixture,
    item,
    make_drive,
    staff_fixture,
)
from tests.platforms import default_platform

pytestmark = pytest.mark.django_db


def url(name, drive, *args):
    return reverse(f"fooddrives_admin:{name}", args=[drive.pk, *args])


def stock(drive, name):
    (totals,) = [t for t in services.item_totals(drive) if t.item.name == name]
    return totals


def test_corrections_are_new_entries_the_stock_counts_and_never_changed(drive, staff):
    rice = item(drive, "米")
    services.record_intake(drive, item=rice, quantity=20, donor="回収ボックス")
    services.distribute(drive, item=rice, quantity=5, recipient_name="だれでも食堂")
    damaged = services.correct_stock(
        drive, item=rice, change=-3, reason="damaged", note="袋が破れていた", staff_user=staff
    )
    services.correct_stock(drive, item=rice, change=1, reason="stocktake", staff_user=staff)
    totals = stock(drive, "米")
    assert (totals.received, totals.distributed, totals.corrected, totals.stock) == (20, 5, -2, 13)
    assert damaged.recorded_by == staff and damaged.get_reason_display() == "破損"
    # The history is kept: an entry is neither changed nor deleted.
    damaged.change = -1
    with pytest.raises(ValueError):
        damaged.save()
    with pytest.raises(ValueError):
        StockCorrection.objects.get(pk=damaged.pk).delete()
    assert list(StockCorrection.objects.order_by("pk").values_list("change", flat=True)) == [
        -3,
        1,
    ]
    # A hand-over sees the corrected stock.
    with pytest.raises(services.PledgeError) as refused:
        services.distribute(drive, item=rice, quantity=14, recipient_name="食堂")
    assert refused.value.reason == "not_enough_stock"


def test_a_correction_never_takes_the_stock_below_zero(drive):
    rice = item(drive, "米")
    services.record_intake(drive, item=rice, quantity=4)
    with pytest.raises(services.PledgeError) as refused:
        services.correct_stock(drive, item=rice, change=-5, reason="expired")
    assert refused.value.reason == "below_zero"
    services.correct_stock(drive, item=rice, change=-4, reason="expired")
    assert stock(drive, "米").stock == 0
    for change, reason, code in ((0, "damaged", "bad_change"), (2, "lost", "no_reason")):
        with pytest.raises(services.PledgeError) as refused:
            services.correct_stock(drive, item=rice, change=change, reason=reason)
        assert refused.value.reason == code
    other = make_drive("別のフードドライブ")
    with pytest.raises(services.PledgeError) as refused:
        services.correct_stock(drive, item=item(other, "米"), change=1, reason="miscount")
    assert refused.value.reason == "wrong_item"
    assert StockCorrection.objects.count() == 1


def test_the_desk_corrects_the_stock_with_a_reason_and_sees_it_in_the_ledger(client, staff, drive):
    rice = item(drive, "米")
    services.record_intake(drive, item=rice, quantity=10)
    form = url("correct_stock", drive)
    assert client.get(form).status_code == 200
    # Full-width input, as typed on a Japanese keyboard.
    response = client.post(
        form,
        {
            "item": rice.pk,
            "change": "－３",
            "reason": "expired",
            "note": "賞味期限切れ",
            "corrected_on": timezone.localdate().isoformat(),
            "submission_key": "a" * 32,
        },
    )
    assert response.status_code == 302
    correction = StockCorrection.objects.get()
    assert (correction.change, correction.reason, correction.recorded_by) == (-3, "expired", staff)
    # Sent twice: recorded once.
    client.post(
        form,
        {
            "item": rice.pk,
            "change": "-3",
            "reason": "expired",
            "corrected_on": timezone.localdate().isoformat(),
            "submission_key": "a" * 32,
        },
    )
    assert StockCorrection.objects.count() == 1
    # Below zero: refused on the form, what was typed kept.
    response = client.post(
        form,
        {
            "item": rice.pk,
            "change": "-50",
            "reason": "damaged",
            "note": "倉庫の浸水",
            "corrected_on": timezone.localdate().isoformat(),
            "submission_key": "b" * 32,
        },
    )
    assert response.status_code == 200
    assert "0 より少なく" in str(response.context["form"].errors["change"])
    assert "倉庫の浸水" in response.content.decode()
    # Zero or no reason: a clear error, never a 500.
    response = client.post(
        form, {"item": rice.pk, "change": "0", "reason": "", "submission_key": "c" * 32}
    )
    assert response.status_code == 200 and set(response.context["form"].errors) >= {
        "change",
        "reason",
    }
    page = client.get(url("drive", drive))
    body = page.content.decode()
    assert "期限切れ" in body and "賞味期限切れ" in body and "-3 kg" in body
    (totals,) = [t for t in page.context["totals"] if t.item == rice]
    assert totals.stock == 7
    export = client.get(url("stock_export", drive)).content.decode("utf-8-sig")
    assert "訂正：期限切れ" in export and "-3" in export


def test_the_yearly_report_counts_received_and_handed_over_without_corrections(drive):
    rice = item(drive, "米")
    services.record_intake(drive, item=rice, quantity=30)
    services.distribute(drive, item=rice, quantity=10, recipient_name="だれでも食堂")
    services.correct_stock(drive, item=rice, change=5, reason="stocktake")
    services.correct_stock(drive, item=rice, change=-2, reason="damaged")
    year = fiscal_year(timezone.localdate())
    (section,) = [
        s
        for s in yearly.sections(yearly.Scope(year, (default_platform().pk,)))
        if s.key == "fooddrives"
    ]
    received = [f for f in section.figures if "米" in str(f.label)]
    assert [f.value for f in received] == [30]
    header, table = reports.yearly_report_table(year, Platform.objects.all())
    row = dict(zip(header, table[0], strict=True))
    assert [row[h] for h in header[11:15]] == [30, 10, 3, 23]
