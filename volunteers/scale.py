"""The volunteers' part of the scale data set (`load_scale`): one opportunity (Japanese and
English) with 1,000 shifts over ten days and 10,000 sign-ups through
`services.sign_up_many`: 1,000 volunteers, each on one shift a day, so that no sign-up clashes
or runs over the hours in a row."""

import datetime

from django.utils import timezone
from wagtail.models import Locale

from cms.core import platform as platforms
from cms.people.models import Person
from volunteers import services
from volunteers.models import Role, Shift, ShiftSignup, Volunteer, VolunteerOpportunity

SHIFTS, PER_SHIFT = 1_000, 10
TITLE = "地域の見守り活動（規模データ）"


def _opportunity():
    ja = Locale.objects.get(language_code="ja")
    en = Locale.objects.get(language_code="en")
    # The scale data set is the default site's platform's (the demo's).
    opportunity, _created = VolunteerOpportunity.objects.get_or_create(
        platform=platforms.default(),
        locale=ja,
        title=TITLE,
        defaults={
            "summary": "地域の高齢者宅を訪ね、声をかけ、様子を見守ります。",
            "place": "飯山市福祉センター",
            "area": "飯山地区",
            "contact_name": "飯山市社会福祉協議会 地域福祉係",
        },
    )
    if opportunity.get_translation_or_none(en) is None:
        translation = opportunity.copy_for_translation(en)
        translation.title = "Watching over neighbours (scale data)"
        translation.summary = "Visiting older neighbours, saying hello and seeing how they are."
        translation.save()
    return opportunity


def load(command):
    opportunity = _opportunity()
    role = (
        Role.objects.filter(
            platform=opportunity.platform, locale=opportunity.locale, qualification__isnull=True
        )
        .order_by("pk")
        .first()
    )
    total = command.count(SHIFTS)
    per_day = max(1, total // 10)
    volunteers_needed = per_day * PER_SHIFT
    shifts = list(Shift.objects.filter(opportunity=opportunity).order_by("starts_at", "pk"))
    command.check_size("shifts", len(shifts), total)
    if len(shifts) < total:
        first = timezone.localdate() + datetime.timedelta(days=3)
        shifts += Shift.objects.bulk_create(
            [
                Shift(
                    opportunity=opportunity,
                    role=role,
                    starts_at=timezone.make_aware(
                        datetime.datetime.combine(
                            first + datetime.timedelta(days=i // per_day),
                            datetime.time(8 + i % per_day % 10),
                        )
                    ),
                    ends_at=timezone.make_aware(
                        datetime.datetime.combine(
                            first + datetime.timedelta(days=i // per_day),
                            datetime.time(10 + i % per_day % 10),
                        )
                    ),
                    min_people=2,
                    capacity=PER_SHIFT + 2,
                )
                for i in range(len(shifts), total)
            ]
        )
    emails = [f"scale-volunteer-{n}@example.invalid" for n in range(volunteers_needed)]
    platform = opportunity.platform
    have = dict(
        Volunteer.objects.filter(person__platform=platform, person__email__in=emails).values_list(
            "person__email", "pk"
        )
    )
    missing = [email for email in emails if email not in have]
    people = Person.objects.bulk_create(
        [
            Person(platform=platform, name=f"規模 ボランティア{email.split('-')[2]}", email=email)
            for email in missing
        ]
    )
    now = timezone.now()
    Volunteer.objects.bulk_create(
        [Volunteer(person=person, email_confirmed_at=now, languages=["ja"]) for person in people]
    )
    volunteers = dict(
        Volunteer.objects.filter(person__platform=platform, person__email__in=emails).values_list(
            "person__email", "pk"
        )
    )
    ordered = [Volunteer(pk=volunteers[email]) for email in emails]
    done = set(
        ShiftSignup.objects.filter(shift__opportunity=opportunity).values_list(
            "shift_id", flat=True
        )
    )
    for i, shift in enumerate(shifts):
        if shift.pk in done:
            continue
        # Shift i takes the i-th ten of the volunteers of its day: each volunteer is on one
        # shift a day.
        slot = i % per_day
        services.sign_up_many(shift, ordered[slot * PER_SHIFT : (slot + 1) * PER_SHIFT])
        if i % 100 == 0:
            command.progress("shift sign-ups (shifts)", i + 1, len(shifts))
    command.stdout.write(
        f"  volunteers: {total} shifts, {ShiftSignup.objects.filter(shift__in=shifts).count()} "
        f"sign-ups, {len(ordered)} volunteers"
    )
