"""The rules of food drives, through the services every path uses."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cms.core import outbox
from cms.people.models import Person
from cms.people.retention import expired_people
from events.fooddrives import services
from events.fooddrives.models import FoodDrivePage, Pledge, PledgeMessage
from events.fooddrives.services import MAX_QUANTITY, Line, PledgeError
from tests.concurrency import run_concurrently
from tests.conftest import on_postgres
from tests.fooddrives.conftest import make_drive

pytestmark = pytest.mark.django_db


def rice(drive):
    return drive.items.get(name="お米")


def cans(drive):
    return drive.items.get(name="缶詰")


def give(drive, *lines, email="hanako@example.jp", day=None, point=None, **kwargs):
    return services.pledge(
        drive,
        point=point or drive.source.points.first(),
        drop_off_on=day or timezone.localdate() + timedelta(days=2),
        lines=[Line(item, quantity, best_before) for item, quantity, best_before in lines],
        name="山田 花子",
        email=email,
        **kwargs,
    )


def totals(drive):
    return {t.item.name: t for t in services.item_totals(drive)}


# Rice has a target, canned food none.
ITEMS = [("お米", "kg", 120, ""), ("缶詰", "個", None, "")]


@pytest.fixture
def drive(db):
    return make_drive(items=ITEMS)


def test_a_pledge_holds_part_of_the_target_and_is_confirmed_by_mail(drive):
    pledge, created = give(drive, (rice(drive), 10, None), (cans(drive), 5, None))
    assert created and pledge.status == Pledge.Status.PLEDGED
    # (as a mapping: two items of one sort order may come in either order on PostgreSQL)
    assert {line.item.name: line.quantity for line in pledge.lines.all()} == {
        "お米": 10,
        "缶詰": 5,
    }
    figures = totals(drive)
    assert (figures["お米"].pledged, figures["お米"].left, figures["お米"].percent) == (10, 110, 8)
    assert figures["缶詰"].left is None  # no target, no limit
    assert list(pledge.messages.values_list("kind", flat=True)) == [PledgeMessage.Kind.CONFIRMED]


def allow_large_pledges(drive):
    """These tests are about targets: one pledge may take nearly a whole one here."""
    FoodDrivePage.objects.filter(pk=drive.pk).update(max_per_item=MAX_QUANTITY)


def test_a_pledge_past_the_target_is_refused_naming_the_item_and_what_is_left(drive):
    allow_large_pledges(drive)
    give(drive, (rice(drive), 115, None))
    with pytest.raises(PledgeError) as error:
        give(drive, (rice(drive), 6, None), email="taro@example.jp")
    assert error.value.reason == "target_reached"
    assert "お米" in error.value.message and "5" in error.value.message
    assert Pledge.objects.count() == 1
    give(drive, (rice(drive), 5, None), email="taro@example.jp")
    assert totals(drive)["お米"].reached


def test_received_food_counts_towards_the_target_and_cancelled_pledges_free_it(drive):
    allow_large_pledges(drive)
    pledge, _ = give(drive, (rice(drive), 100, None))
    services.record_intake(drive, item=rice(drive), quantity=20, donor="回収ボックス")
    assert totals(drive)["お米"].left == 0
    services.cancel_pledge(pledge)
    assert totals(drive)["お米"].left == 100
    assert pledge.messages.filter(kind=PledgeMessage.Kind.CANCELLED).exists()
    with pytest.raises(PledgeError, match="not_allowed"):
        services.cancel_pledge(pledge)


def test_best_before_must_leave_the_drives_margin_after_the_drop_off_day(drive):
    day = timezone.localdate() + timedelta(days=2)
    too_soon = day + timedelta(days=29)
    with pytest.raises(PledgeError) as error:
        give(drive, (cans(drive), 3, too_soon), day=day)
    assert error.value.reason == "best_before"
    earliest = day + timedelta(days=30)
    # the day as people read it, never ISO (2027-01-09)
    assert f"{earliest.year}年{earliest.month}月{earliest.day}日" in error.value.message
    assert error.value.params["date"] == earliest
    give(drive, (cans(drive), 3, day + timedelta(days=30)), day=day)


@pytest.mark.parametrize(
    "lines, reason",
    [
        ([], "no_lines"),
        ([("お米", 0)], "bad_quantity"),
        ([("お米", services.MAX_QUANTITY + 1)], "bad_quantity"),
        ([("お米", 1), ("お米", 2)], "duplicate_item"),
    ],
)
def test_malformed_lines_are_refused_with_their_reason(drive, lines, reason):
    with pytest.raises(PledgeError) as error:
        give(drive, *[(drive.items.get(name=name), n, None) for name, n in lines])
    assert error.value.reason == reason
    assert error.value.message
    assert not Pledge.objects.exists() and not Person.objects.exists()


def test_items_and_points_of_another_drive_are_refused(drive):
    other = make_drive("別のフードドライブ")
    with pytest.raises(PledgeError, match="wrong_item"):
        give(drive, (rice(other), 1, None))
    with pytest.raises(PledgeError, match="wrong_point"):
        give(drive, (rice(drive), 1, None), point=other.points.first())


def test_the_drop_off_day_lies_within_the_collection_and_not_in_the_past():
    today = timezone.localdate()
    drive = make_drive(items=ITEMS, starts_in=-3)
    with pytest.raises(PledgeError, match="day_past"):
        give(drive, (rice(drive), 1, None), day=today - timedelta(days=1))
    with pytest.raises(PledgeError) as error:
        give(drive, (rice(drive), 1, None), day=today + timedelta(days=30))
    assert error.value.reason == "day_outside"
    last = drive.collection_ends_on
    assert f"{last.year}年{last.month}月{last.day}日" in error.value.message
    assert last.isoformat() not in error.value.message


def test_closed_and_cancelled_drives_take_no_pledges_but_staff_may_record_a_phone_call(
    drive, django_user_model
):
    staff = django_user_model.objects.create_user("staff", is_staff=True)
    drive.pledges_close_at = timezone.now() - timedelta(minutes=1)
    drive.save()
    with pytest.raises(PledgeError, match="closed"):
        give(drive, (rice(drive), 1, None))
    pledge, _ = give(drive, (rice(drive), 1, None), email="", staff_user=staff)
    assert pledge.created_by == staff and not pledge.messages.exists()  # no address, no mail
    drive.cancelled_at = timezone.now()
    drive.save()
    with pytest.raises(PledgeError, match="cancelled"):
        give(drive, (rice(drive), 1, None), staff_user=staff)


def test_pledging_closes_at_the_end_of_the_last_day_of_collection(drive):
    last = drive.collection_ends_on
    late_evening = timezone.make_aware(
        timezone.datetime.combine(last, timezone.datetime.min.time())
    ) + timedelta(hours=23, minutes=59)
    assert drive.pledge_state(late_evening) == "open"
    assert drive.pledge_state(late_evening + timedelta(minutes=1)) == "closed"


def test_the_same_form_sent_twice_makes_one_pledge(drive):
    first, created = give(drive, (rice(drive), 3, None), submission_key="k" * 32)
    again, created_again = give(drive, (rice(drive), 3, None), submission_key="k" * 32)
    assert created and not created_again and first == again
    assert Pledge.objects.count() == 1 and totals(drive)["お米"].pledged == 3


def test_one_address_makes_a_few_pledges_an_hour_at_most(drive):
    for _ in range(outbox.MAILS_TO_ONE_ADDRESS_PER_HOUR):
        give(drive, (cans(drive), 1, None), email="ＨＡＮＡＫＯ@Example.JP")
    with pytest.raises(PledgeError, match="too_many"):
        give(drive, (cans(drive), 1, None), email="HANAKO@example.jp")
    later = timezone.now() + timedelta(hours=1, minutes=1)
    give(drive, (cans(drive), 1, None), now=later)


def test_receiving_records_what_came_thanks_once_and_not_brought_lines_count_nothing(drive):
    pledge, _ = give(drive, (rice(drive), 10, None), (cans(drive), 6, None))
    lines = {line.item.name: line for line in pledge.lines.select_related("item")}
    services.receive_pledge(pledge, {lines["お米"].pk: 12})
    services.receive_pledge(pledge, {lines["お米"].pk: 12})
    pledge.refresh_from_db()
    figures = totals(drive)
    assert pledge.status == Pledge.Status.RECEIVED
    assert (figures["お米"].received, figures["お米"].pledged) == (12, 0)
    assert figures["缶詰"].received == 0
    assert pledge.messages.filter(kind=PledgeMessage.Kind.THANKS).count() == 1


def test_a_pledge_that_brought_nothing_is_not_brought_and_gets_no_thanks(drive):
    pledge, _ = give(drive, (rice(drive), 10, None))
    services.receive_pledge(pledge, {})
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.NOT_BROUGHT
    assert not pledge.messages.filter(kind=PledgeMessage.Kind.THANKS).exists()


def test_hand_overs_never_exceed_the_stock_and_name_it(drive):
    services.record_intake(drive, item=rice(drive), quantity=30)
    services.distribute(drive, item=rice(drive), quantity=25, recipient_name="フードバンク信州")
    with pytest.raises(PledgeError) as error:
        services.distribute(drive, item=rice(drive), quantity=6, recipient_name="子ども食堂")
    assert error.value.reason == "not_enough_stock" and "5" in error.value.message
    with pytest.raises(PledgeError, match="no_recipient"):
        services.distribute(drive, item=rice(drive), quantity=1, recipient_name="　")
    assert totals(drive)["お米"].stock == 5


def test_cancelling_the_drive_cancels_open_pledges_and_tells_each_person(drive):
    open_pledge, _ = give(drive, (rice(drive), 1, None))
    received, _ = give(drive, (cans(drive), 1, None), email="taro@example.jp")
    services.receive_pledge(received, {received.lines.get().pk: 1})
    drive.cancelled_at = timezone.now()
    drive.save()
    assert services.cancel_drive_pledges(drive) == 1
    open_pledge.refresh_from_db()
    assert open_pledge.status == Pledge.Status.CANCELLED
    assert open_pledge.messages.filter(kind=PledgeMessage.Kind.DRIVE_CANCELLED).exists()
    assert services.cancel_drive_pledges(drive) == 0


def test_reminders_go_the_set_days_before_once(drive):
    today = timezone.localdate()
    tomorrow, _ = give(drive, (cans(drive), 1, None), day=today + timedelta(days=1))
    later, _ = give(drive, (cans(drive), 1, None), day=today + timedelta(days=5), email="t@e.jp")
    assert services.queue_reminders() == 1
    assert services.queue_reminders() == 0
    assert tomorrow.messages.filter(kind=PledgeMessage.Kind.REMINDER).count() == 1
    assert not later.messages.filter(kind=PledgeMessage.Kind.REMINDER).exists()


def test_unbrought_pledges_stop_holding_the_target_a_few_days_after_their_day(drive):
    allow_large_pledges(drive)
    pledge, _ = give(drive, (rice(drive), 100, None))
    just_after = timezone.now() + timedelta(days=2 + 3)
    assert services.close_unbrought(just_after) == 0
    assert services.close_unbrought(just_after + timedelta(days=1)) == 1
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.NOT_BROUGHT
    assert totals(drive)["お米"].left == 120


def test_people_with_food_still_to_bring_are_not_erased(drive, settings):
    settings.PEOPLE_RETENTION_DAYS = 1
    pledge, _ = give(drive, (rice(drive), 1, None))
    Person.objects.update(last_active_at=timezone.now() - timedelta(days=5))
    assert not expired_people().exists()
    services.cancel_pledge(pledge)
    assert list(expired_people()) == [pledge.person]


def test_a_translation_pledges_into_the_original_drive(drive):
    from wagtail.models import Locale

    english = drive.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english.save_revision().publish()
    assert english.source == drive
    pledge, _ = give(english, (rice(drive), 2, None))
    assert pledge.drive_id == drive.pk
    assert totals(english)["お米"].pledged == 2


def test_figures_count_pledges_and_amounts_per_drive_in_a_fixed_number_of_queries(
    drive, django_assert_max_num_queries
):
    pledge, _ = give(drive, (rice(drive), 10, None))
    give(drive, (cans(drive), 4, None), email="t@e.jp")
    services.receive_pledge(pledge, {pledge.lines.get().pk: 10})
    services.distribute(drive, item=rice(drive), quantity=4, recipient_name="子ども食堂")
    other = make_drive("別のフードドライブ")
    with django_assert_max_num_queries(4):  # pledges, food in, food out, corrections
        figures = services.drive_figures([drive, other])
    assert figures[0]["pledges"] == {"received": 1, "pledged": 1}
    assert figures[0]["amounts"][("お米", "kg")] == {
        "received": 10,
        "distributed": 4,
        "corrected": 0,
    }
    assert figures[1] == {"drive": other, "pledges": {}, "amounts": {}}


def test_item_totals_take_a_fixed_number_of_queries_however_many_items(
    django_assert_num_queries,
):
    drive = make_drive(items=[(f"品目{i}", "個", 10, "") for i in range(8)])
    with django_assert_num_queries(2):  # the default locale, the items with their sums
        services.item_totals(drive)


@pytest.mark.skipif(not on_postgres(), reason="row locks are proven on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_pledges_for_the_last_units_of_a_target_let_exactly_one_through():
    drive = make_drive(items=[("お米", "kg", 10, "")])
    item = drive.items.get()

    def attempt(i):
        return give(drive, (item, 6, None), email=f"p{i}@example.jp")

    results, errors = run_concurrently(attempt, 4)
    assert len([r for r in results if r]) == 1
    assert {e.reason for e in errors} == {"target_reached"}
    assert services.item_totals(drive)[0].pledged == 6
