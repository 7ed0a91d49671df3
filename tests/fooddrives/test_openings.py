"""A drop-off point's opening days and hours: a pledge is for a day the point takes food; the
form and the page say which days those are; a point without openings takes any day of the
collection; the desk receives food whatever the day."""

from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.fooddrives import services
from events.fooddrives.models import DropOffPoint, Pledge
from events.fooddrives.models.openings import (
    WeekdaysFormField,
    closed_on,
    parse_closed_dates,
    weekdays_label,
)
from events.fooddrives.services import Line, PledgeError
from tests.fooddrives.conftest import item, make_drive
from tests.fooddrives.test_public_pledge import form_data

pytestmark = pytest.mark.django_db

WEEKDAYS = {"open_weekdays": "01234", "opens_at": time(9), "closes_at": time(17)}


def next_day(weekday):
    """The first day after today that is `weekday` (Monday 0)."""
    day = timezone.localdate() + timedelta(days=1)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def with_openings(**fields):
    """A drive whose first point (社協) is open on weekdays 9:00–17:00, or as given."""
    drive = make_drive()
    point = drive.points.first()
    DropOffPoint.objects.filter(pk=point.pk).update(**(fields or WEEKDAYS))
    point.refresh_from_db()
    return drive, point


def pledge(drive, point, day, **kwargs):
    kwargs.setdefault("email", "hanako@example.jp")
    return services.pledge(
        drive,
        point=point,
        drop_off_on=day,
        lines=[Line(item(drive, "お米"), 5)],
        name="飯山 花子",
        **kwargs,
    )


def test_a_pledge_for_a_weekday_the_point_is_closed_is_refused():
    drive, point = with_openings()
    saturday = next_day(5)
    with pytest.raises(PledgeError) as refused:
        pledge(drive, point, saturday)
    assert refused.value.code == "point_closed"
    assert refused.value.params["openings"] == "月〜金 9:00〜17:00"
    assert Pledge.objects.count() == 0


def test_a_pledge_for_an_open_weekday_is_taken():
    drive, point = with_openings()
    created, _new = pledge(drive, point, next_day(2))
    assert created.drop_off_on.weekday() == 2


def test_staff_on_the_phone_cannot_book_a_closed_day_either(django_user_model):
    drive, point = with_openings()
    staff = django_user_model.objects.create_user("desk", password="x")
    with pytest.raises(PledgeError, match="point_closed"):
        pledge(drive, point, next_day(6), staff_user=staff, email="")


def test_a_point_without_openings_takes_every_day_of_the_collection():
    drive = make_drive()
    point = drive.points.first()
    assert point.open_weekdays == "" and point.openings == ""
    for offset in range(1, 8):
        day = timezone.localdate() + timedelta(days=offset)
        pledge(drive, point, day, email=f"person{offset}@example.jp")
    assert Pledge.objects.count() == 7
    assert point.opening_hours == "平日 9:00〜17:00"  # the free text it had, as it was


def test_closed_dates_refuse_a_pledge_even_on_an_opening_weekday():
    day = next_day(1)
    drive, point = with_openings(**WEEKDAYS, closed_dates=f"{day.month}-{day.day}")
    with pytest.raises(PledgeError) as refused:
        pledge(drive, point, day)
    assert refused.value.code == "point_closed_date"


def test_today_is_refused_once_the_point_has_closed_and_taken_before():
    drive, point = with_openings(open_weekdays="0123456", opens_at=time(9), closes_at=time(17))
    today = timezone.localdate()
    evening = timezone.make_aware(datetime.combine(today, time(17, 30)))
    with pytest.raises(PledgeError) as refused:
        pledge(drive, point, today, now=evening)
    assert refused.value.code == "point_closed_today"
    morning = timezone.make_aware(datetime.combine(today, time(8)))
    assert pledge(drive, point, today, now=morning)[1]


def test_the_desk_receives_food_on_a_day_the_point_is_closed():
    drive, point = with_openings()
    taken, _new = pledge(drive, point, next_day(0))
    sunday = next_day(6)
    services.receive_pledge(
        taken, {line.pk: line.quantity for line in taken.lines.all()}, received_on=sunday
    )
    services.record_intake(drive, item=item(drive, "缶詰"), quantity=3, received_on=sunday)
    assert Pledge.objects.get().status == Pledge.Status.RECEIVED


def test_the_form_refuses_a_closed_day_on_its_field_and_keeps_what_was_typed(run, client):
    drive, point = with_openings()
    saturday = next_day(5)
    response = run(
        client.post,
        drive.url,
        form_data(drive, point=str(point.pk), drop_off_on=saturday.isoformat()),
    )
    assert response.status_code == 200
    form = response.context["form"]
    (error,) = form.errors["drop_off_on"]
    assert error.startswith("「飯山市社会福祉協議会」は土曜日") and "月〜金 9:00〜17:00" in error
    page = response.content.decode()
    assert escape(error) in page
    assert 'value="飯山 花子"' in page and 'value="hanako@example.jp"' in page
    assert f'value="{saturday.isoformat()}"' in page
    assert Pledge.objects.count() == 0


def test_the_form_names_each_points_openings_and_next_open_days(client):
    drive, point = with_openings()
    form = client.get(drive.url).context["form"]
    label = dict(form.fields["point"].choices)[point.pk]
    assert "月〜金 9:00〜17:00" in label
    first = max(drive.collection_starts_on, timezone.localdate())
    days = point.open_days(first, drive.collection_ends_on)
    assert all(day.weekday() < 5 for day in days)
    monday = next_day(0)
    assert f"{monday.month}/{monday.day}(月)" in label or monday > days[4]
    saturday = next_day(5)
    assert f"{saturday.month}/{saturday.day}(" not in label
    other = dict(form.fields["point"].choices)[drive.points.exclude(pk=point.pk).get().pk]
    assert "土曜 10:00〜15:00" in other and "次の受付日" not in other


def test_the_public_page_shows_the_openings_and_closed_dates(client):
    """The closed dates as residents read them, where the page showed what the editor typed
    (「休み: 12-29〜01-03」)."""
    closed = "12-29〜01-03\n2027-05-03〜2027-05-05\n2027/8/13"
    _drive, _point = with_openings(**WEEKDAYS, closed_dates=closed)
    DropOffPoint.objects.filter(pk=_point.pk).update(hours="祝日は休み")
    page = client.get(_drive.url).content.decode()
    assert "月〜金 9:00〜17:00（祝日は休み）" in page
    assert "休み: 12月29日〜1月3日<br>2027年5月3日〜2027年5月5日<br>2027年8月13日" in page
    assert "12-29" not in page and "2027-05-03" not in page


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(day=st.dates().map(date.isoformat) | st.text(max_size=14))
def test_any_drop_off_day_is_a_page_with_its_error_or_a_pledge_for_an_open_day(run, client, day):
    drive = with_openings()[0] if not Pledge.objects.exists() else None
    drive = drive or Pledge.objects.first().drive
    point = drive.points.first()
    if not point.open_weekdays:
        DropOffPoint.objects.filter(pk=point.pk).update(**WEEKDAYS)
        point.refresh_from_db()
    before = Pledge.objects.count()
    response = run(
        client.post,
        drive.url,
        form_data(drive, point=str(point.pk), drop_off_on=day, submission_key=f"k{day!r}"),
    )
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        made = Pledge.objects.order_by("-pk").first()
        assert Pledge.objects.count() == before + 1
        assert point.is_open_on(made.drop_off_on)
    else:
        assert Pledge.objects.count() == before


def test_closed_dates_are_read_with_and_without_a_year():
    ranges = parse_closed_dates("12-29〜01-03\n２０２７／５／３～2027-05-05\n")
    assert closed_on(ranges, date(2026, 12, 31)) and closed_on(ranges, date(2027, 1, 3))
    assert not closed_on(ranges, date(2027, 1, 4)) and not closed_on(ranges, date(2026, 12, 28))
    assert closed_on(ranges, date(2027, 5, 4)) and not closed_on(ranges, date(2028, 5, 4))
    for typo in ("2027-02-30", "明日", "2027-05-05〜2027-05-03", "12-29〜2027-01-03", "1~2~3"):
        with pytest.raises(ValidationError):
            parse_closed_dates(typo)


def test_an_editor_is_told_what_is_wrong_with_the_openings():
    drive = make_drive()
    point = drive.points.first()
    point.opens_at, point.closes_at = time(17), time(9)
    point.open_weekdays = "5"
    point.closed_dates = "いつか"
    with pytest.raises(ValidationError) as invalid:
        point.full_clean()
    assert set(invalid.value.message_dict) == {"closes_at", "closed_dates"}
    point.open_weekdays, point.opens_at, point.closes_at = "", time(9), time(10)
    point.closed_dates = ""
    with pytest.raises(ValidationError) as invalid:
        point.full_clean()
    assert set(invalid.value.message_dict) == {"open_weekdays"}


def test_weekdays_are_ticked_as_checkboxes_and_said_the_japanese_way():
    field = WeekdaysFormField(required=False)
    assert field.clean(["4", "0", "2", "0"]) == "024"
    assert field.prepare_value("56") == ["5", "6"]
    with pytest.raises(ValidationError):
        field.clean(["7"])
    assert weekdays_label("01234") == "月〜金"
    assert weekdays_label("024") == "月・水・金"
    assert weekdays_label("56") == "土・日"
    assert weekdays_label("0123456") == "月〜日"
