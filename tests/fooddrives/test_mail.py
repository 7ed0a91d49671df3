"""Mails to the people who pledge: what they say, in whose language, with which calendar file;
the daily schedule; a mail server that is down."""

import importlib
import re
from datetime import date, timedelta

import icalendar
from django.core import mail
from django.test import override_settings
from django.utils import timezone
from django.utils.translation import gettext
from django_q.models import Schedule
from django_q.scheduler import scheduler

from events.fooddrives import services, tasks
from events.fooddrives.models import Pledge, PledgeMessage
from tests.fooddrives.conftest import item, make_drive

LINK = re.compile(r"https?://\S+/food-drives/pledge/\S+/")


def pledge(run, drive, *, days=2, language="ja", email="hanako@example.jp", **fields):
    rice, cans = item(drive, "お米"), item(drive, "缶詰")
    made, _ = run(
        services.pledge,
        drive,
        point=drive.points.first(),
        drop_off_on=timezone.localdate() + timedelta(days=days),
        lines=[
            services.Line(rice, 5, timezone.localdate() + timedelta(days=200)),
            services.Line(cans, 12),
        ],
        name="飯山 花子",
        email=email,
        language=language,
        **fields,
    )
    return made


def calendar_of(message):
    (attachment,) = [a for a in message.attachments if a[0].endswith(".ics")]
    _name, content, mimetype = attachment
    assert mimetype.startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(content)
    (event,) = calendar.walk("VEVENT")
    return event


def test_the_confirmation_says_what_where_and_when_and_links_the_pledge(run, client, drive):
    made = pledge(run, drive)
    (message,) = mail.outbox
    assert message.to == ["hanako@example.jp"]
    assert drive.title in message.subject
    assert message.subject.endswith(" | つなぐ")  # the platform's name
    assert message.subject.startswith(gettext("We received your pledge"))
    text = message.body
    for expected in (
        "飯山 花子",
        "お米 5 kg",
        "缶詰 12 個",
        "飯山市社会福祉協議会",
        "長野県飯山市大字飯山1110-1",
        "平日 9:00〜17:00",
        drive.conditions,
    ):
        assert expected in text
    assert made.drop_off_on.strftime("%Y") in text
    link = LINK.search(text).group(0)
    assert link.startswith(f"http://testserver/ja/food-drives/pledge/{made.reference}/")
    assert client.get(link).status_code == 200
    # The token is made at delivery: neither the outbox row nor the task holds it.
    row = PledgeMessage.objects.get()
    assert link.rstrip("/").rsplit("/", 1)[1] not in str(row.__dict__)


def test_the_calendar_file_is_an_all_day_entry_for_the_drop_off_day(run, drive):
    made = pledge(run, drive, days=3)
    event = calendar_of(mail.outbox[0])
    start = event.decoded("dtstart")
    assert type(start) is date
    assert start == made.drop_off_on
    assert event.decoded("dtend") == made.drop_off_on + timedelta(days=1)
    assert str(event["uid"]).startswith(f"pledge-{made.reference}@")
    assert "飯山市社会福祉協議会" in str(event["location"])
    assert "お米 5 kg" in str(event["description"])
    assert str(event["status"]) == "CONFIRMED"
    # The cancellation takes the same entry out of the calendar.
    run(services.cancel_pledge, made)
    cancelled = calendar_of(mail.outbox[1])
    assert str(cancelled["uid"]) == str(event["uid"])
    assert str(cancelled["status"]) == "CANCELLED"
    assert int(cancelled["sequence"]) > int(event["sequence"])


def test_mails_are_in_the_persons_language(run, drive):
    pledge(run, drive, language="en")
    (message,) = mail.outbox
    assert message.subject.startswith("We received your pledge: ")
    assert "Drop-off day" in message.body
    assert "/en/food-drives/pledge/" in message.body
    assert "Bring food" in str(calendar_of(message)["summary"])


def test_a_reminder_goes_out_once_the_day_before(run, db):
    drive = make_drive(reminder_days=1)
    tomorrow = pledge(run, drive, days=1)
    pledge(run, drive, days=5, email="later@example.jp")
    mail.outbox.clear()
    assert run(tasks.daily)["reminders"] == 1
    assert run(tasks.daily)["reminders"] == 0
    (message,) = mail.outbox
    assert message.to == [tomorrow.person.email]
    assert message.subject.startswith(gettext("Reminder: your drop-off day"))
    assert calendar_of(message).decoded("dtstart") == tomorrow.drop_off_on


def test_a_reminder_for_a_pledge_cancelled_before_it_went_out_is_not_sent(run, db):
    drive = make_drive(reminder_days=1)
    made = pledge(run, drive, days=1)
    services.queue_reminders()  # queued, not yet delivered (no commit callbacks run)
    services.cancel_pledge(made)
    mail.outbox.clear()
    reminder = PledgeMessage.objects.get(kind=PledgeMessage.Kind.REMINDER)
    assert tasks.deliver_pledge_message(reminder.pk) == "no longer pledged"
    assert not mail.outbox


def test_pledges_not_brought_are_closed_by_the_daily_task(run, drive):
    made = pledge(run, drive)
    Pledge.objects.filter(pk=made.pk).update(
        drop_off_on=timezone.localdate() - services.NOT_BROUGHT_AFTER - timedelta(days=1)
    )
    assert run(tasks.daily)["not_brought"] == 1
    made.refresh_from_db()
    assert made.status == Pledge.Status.NOT_BROUGHT


def test_the_daily_schedule_exists_once(db):
    migration = importlib.import_module("events.fooddrives.migrations.0002_daily_schedule")
    from django.apps import apps

    migration.create_schedule(apps, None)
    migration.create_schedule(apps, None)
    schedule = Schedule.objects.get(name=migration.NAME)
    assert schedule.func == "events.fooddrives.tasks.daily"
    assert schedule.schedule_type == Schedule.DAILY
    assert timezone.localtime(schedule.next_run).hour == 8


def test_publishing_a_cancelled_drive_cancels_every_pledge_and_tells_each_person(run, drive):
    pledge(run, drive)
    pledge(run, drive, email="taro@example.jp")
    mail.outbox.clear()
    drive.cancelled_at = timezone.now()
    run(drive.save_revision().publish)
    assert set(Pledge.objects.values_list("status", flat=True)) == {Pledge.Status.CANCELLED}
    assert sorted(m.to[0] for m in mail.outbox) == ["hanako@example.jp", "taro@example.jp"]
    for message in mail.outbox:
        assert message.subject.startswith(gettext("The food drive is cancelled"))
        assert str(calendar_of(message)["status"]) == "CANCELLED"
    run(drive.save_revision().publish)  # publishing again tells nobody twice
    assert len(mail.outbox) == 2


def test_receiving_the_food_sends_a_thank_you(run, drive):
    made = pledge(run, drive)
    mail.outbox.clear()
    run(services.receive_pledge, made, {line.pk: line.quantity for line in made.lines.all()})
    (message,) = mail.outbox
    assert message.subject.startswith(gettext("Thank you for your food"))
    assert not message.attachments


@override_settings(EMAIL_BACKEND="tests.events.failing_mail.Backend")
def test_a_failing_mail_server_keeps_the_pledge_and_retries(run, client, drive):
    from tests.fooddrives.test_public_pledge import form_data

    response = run(client.post, drive.url, form_data(drive))
    assert response.status_code == 302
    made = Pledge.objects.get()
    message = PledgeMessage.objects.get()
    assert message.sent_at is None and message.attempts == 1
    assert "SMTP" in message.last_error
    schedule = Schedule.objects.get(name=message.retry_name)
    assert schedule.func == "events.fooddrives.tasks.deliver_pledge_message"
    Schedule.objects.filter(pk=schedule.pk).update(next_run=timezone.now())
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        scheduler()
        assert tasks.deliver_pledge_message(message.pk) == "already sent"
    assert len(mail.outbox) == 1
    made.refresh_from_db()
    assert made.status == Pledge.Status.PLEDGED
