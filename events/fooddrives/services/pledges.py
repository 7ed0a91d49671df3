"""Pledging and cancelling a pledge: the public form, staff on the phone and the private link
all come here. A pledge holds part of each item's target until it is brought, cancelled or
closed as not brought."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR

from cms.core import freshness, outbox
from cms.core import platform as platforms
from cms.core.submissions import sent_before
from cms.core.text import normalise, normalise_email
from cms.people.retention import register_hold
from cms.people.services import new_person, record_consent
from events.fooddrives.errors import PledgeError
from events.fooddrives.models import Pledge, PledgeLine, PledgeMessage, WantedItem
from events.fooddrives.queries import item_totals
from events.fooddrives.services.common import (
    MAX_QUANTITY,
    lock_drive,
    lock_items,
    lock_pledge,
    queue_message,
)

CONSENT_PURPOSE = "food-drive-pledge"


@dataclass
class Line:
    """One kind of food in a pledge as typed: the item, how much, its best-before date."""

    item: WantedItem
    quantity: int
    best_before: object = None


def _check_lines(drive, lines, drop_off_on):
    if not lines:
        raise PledgeError("no_lines")
    seen = set()
    for line in lines:
        if line.item.page_id != drive.pk:
            raise PledgeError("wrong_item")
        if line.item.pk in seen:
            raise PledgeError("duplicate_item")
        seen.add(line.item.pk)
        if not 1 <= line.quantity <= MAX_QUANTITY:
            raise PledgeError("bad_quantity", max=MAX_QUANTITY)
        earliest = drop_off_on + timedelta(days=drive.min_days_to_best_before)
        if line.best_before and line.best_before < earliest:
            raise PledgeError(
                "best_before",
                item=line.item.name,
                date=earliest,
                days=drive.min_days_to_best_before,
            )


def _check_day(drive, drop_off_on, today):
    if not drive.collection_starts_on <= drop_off_on <= drive.collection_ends_on:
        raise PledgeError(
            "day_outside",
            first=drive.collection_starts_on,
            last=drive.collection_ends_on,
        )
    if drop_off_on < today:
        raise PledgeError("day_past")


def _check_point_open(point, drop_off_on, now):
    """The day must be one the point takes food on (whoever records the pledge: the
    confirmation tells the person to come that day). The desk is not restricted: food that
    comes on another day is received all the same."""
    if not point.is_open_on(drop_off_on):
        params = {
            "point": point.name,
            "date": drop_off_on,
            "weekday": WEEKDAYS_ABBR[drop_off_on.weekday()],
        }
        if point.openings and str(drop_off_on.weekday()) not in point.open_weekdays:
            raise PledgeError("point_closed", openings=point.openings, **params)
        raise PledgeError("point_closed_date", **params)
    if point.has_closed_on(drop_off_on, now):
        raise PledgeError(
            "point_closed_today", point=point.name, time=point.closes_at.strftime("%H:%M")
        )


def _check_most(lines, most):
    """One pledge holds at most `most` of each item (the drive's limit, or MAX_QUANTITY for
    staff with a reason). Checked after the targets: when less is wanted than the limit,
    that is what the visitor needs to hear."""
    for line in lines:
        if line.quantity > most:
            raise PledgeError("over_limit", item=line.item.name, most=most, unit=line.item.unit)


def _claim(drive, lines):
    """Refuse, naming the item, when a line would take an item past its target; the items are
    locked, so that two pledges for the last kilos cannot both pass."""
    items = lock_items(drive, [line.item.pk for line in lines])
    totals = {t.item.pk: t for t in item_totals(drive, items.values())}
    for line in lines:
        left = totals[line.item.pk].left
        if left is not None and line.quantity > left:
            raise PledgeError("target_reached", item=line.item.name, left=left, unit=line.item.unit)


@transaction.atomic
def pledge(
    drive,
    *,
    point,
    drop_off_on,
    lines,
    name,
    email="",
    name_kana="",
    phone="",
    language="ja",
    consent_version="",
    submission_key=None,
    staff_user=None,
    override_reason="",
    now=None,
):
    """Record a pledge and queue its confirmation; returns (pledge, created). The same form
    sent twice (submission_key) returns the first pledge. Staff may record a pledge made by
    phone after pledging closed, never for a cancelled drive, and without an e-mail; with an
    override_reason, beyond the drive's most per item (the reason is recorded)."""
    now = now or timezone.now()
    drive = lock_drive(drive)
    if (existing := sent_before(Pledge, submission_key)) is not None:
        return existing, False
    state = drive.pledge_state(now)
    if state == "cancelled" or (state == "closed" and staff_user is None):
        raise PledgeError(state)
    if point.page_id != drive.pk:
        raise PledgeError("wrong_point")
    _check_day(drive, drop_off_on, timezone.localdate(now))
    _check_point_open(point, drop_off_on, now)
    _check_lines(drive, lines, drop_off_on)
    email = normalise_email(email or "")
    # Each pledge mails the address typed: capped like every such mail, counting this
    # platform's pledges only. The cap keeps one platform's form from flooding an inbox and its
    # sender's reputation (each platform mails from its own); pledges to another platform's
    # drive must not use up the address's allowance here (at most the cap per platform).
    platform = platforms.of_page(drive)
    earlier = Pledge.objects.filter(person__email__iexact=email, person__platform=platform)
    if email and staff_user is None and outbox.at_hourly_cap(earlier, now):
        raise PledgeError("too_many")
    _claim(drive, lines)
    override_reason = override_reason[:200] if staff_user is not None else ""
    _check_most(lines, MAX_QUANTITY if override_reason else drive.max_per_item)
    beyond = any(line.quantity > drive.max_per_item for line in lines)
    person = new_person(
        platform,
        name=normalise(name),
        name_kana=name_kana,
        email=email,
        phone=phone,
        language=language,
    )
    if consent_version:
        record_consent(person, CONSENT_PURPOSE, consent_version)
    pledge = Pledge.objects.create(
        drive=drive,
        person=person,
        point=point,
        drop_off_on=drop_off_on,
        submission_key=submission_key,
        created_by=staff_user,
        override_reason=override_reason if beyond else "",
    )
    PledgeLine.objects.bulk_create(
        PledgeLine(
            pledge=pledge, item=line.item, quantity=line.quantity, best_before=line.best_before
        )
        for line in lines
    )
    queue_message(pledge, PledgeMessage.Kind.CONFIRMED)
    return pledge, True


@transaction.atomic
def cancel_pledge(pledge, *, now=None):
    """The person will not bring it after all: what they pledged is free for others. Only an
    open pledge can be cancelled (PledgeError "not_allowed" otherwise)."""
    _drive, pledge = lock_pledge(pledge)
    pledge.move_to(Pledge.Status.CANCELLED, now=now or timezone.now())
    queue_message(pledge, PledgeMessage.Kind.CANCELLED)
    return pledge


@register_hold
def people_with_open_pledges(people):
    """Nobody is erased while their pledge is still to be brought."""
    return people.filter(pledges__status=Pledge.Status.PLEDGED)


@transaction.atomic
def pledge_many(drive, *, point, drop_off_on, pledges, now=None):
    """Record many pledges at once, as staff would one by one with `pledge` (pledges taken on
    paper at a stall, the scale data set): `pledges` is a list of (person, lines) for people
    already recorded. The same lock and rules — the drive not cancelled (closed is allowed, as
    for staff), the point and the day, each pledge's lines, the targets taken by all of them
    together, the drive's most per item — and the first refusal stops it all. Nobody is
    mailed. Returns the new pledges."""
    now = now or timezone.now()
    drive = lock_drive(drive)
    if drive.pledge_state(now) == "cancelled":
        raise PledgeError("cancelled")
    if point.page_id != drive.pk:
        raise PledgeError("wrong_point")
    _check_day(drive, drop_off_on, timezone.localdate(now))
    total = {}
    for _person, lines in pledges:
        _check_lines(drive, lines, drop_off_on)
        _check_most(lines, drive.max_per_item)
        for line in lines:
            total[line.item.pk] = total.get(line.item.pk, 0) + line.quantity
    items = {line.item.pk: line.item for _person, lines in pledges for line in lines}
    _claim(drive, [Line(items[pk], quantity) for pk, quantity in total.items()])
    made = Pledge.objects.bulk_create(
        [
            Pledge(drive=drive, person=person, point=point, drop_off_on=drop_off_on)
            for person, _lines in pledges
        ]
    )
    PledgeLine.objects.bulk_create(
        [
            PledgeLine(
                pledge=pledge, item=line.item, quantity=line.quantity, best_before=line.best_before
            )
            for pledge, (_person, lines) in zip(made, pledges, strict=True)
            for line in lines
        ]
    )
    freshness.changed(page=drive)  # the items' progress: bulk_create sends no signal
    return made
