"""Demo volunteering of 飯山市's platform: reception and guiding at the symposium, and the
だれでも食堂 food drive (フードドライブ, from `events.fooddrives.demo`) with sorting, driving
and a watching-over role that needs the つながりサポーター qualification. Shifts are a mix of
full (with a waitlist), short of people and open, and one driver has offered their place for
swap; the food drive allows at most five hours in a row. Dates move with today, like the
events'; loading twice changes nothing."""

from datetime import datetime, time, timedelta

from django.utils import timezone
from wagtail.models import Locale

from cms.core import platform as platforms
from cms.people.models import Person, Qualification
from cms.people.services import new_person
from events.fooddrives.models import FoodDrivePage
from events.models import EventPage
from volunteers import services
from volunteers.models import Role, Shift, Volunteer, VolunteerOpportunity

ROLES = [
    # Japanese, English, qualification slug
    ("受付", "Reception", None),
    ("会場案内", "Guiding visitors", None),
    ("仕分け", "Sorting", None),
    ("運転", "Driving", None),
    ("見守り", "Watching over", "tsunagari-supporter"),
]


def _at(days, hour, minute=0):
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _translated(original, en, fields):
    translation = original.get_translation_or_none(en)
    if translation is None:
        translation = original.copy_for_translation(en)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save()
    return translation


def _roles(platform, ja, en):
    roles = {}
    for name, name_en, slug in ROLES:
        qualification = (
            Qualification.objects.filter(platform=platform, locale=ja, slug=slug).first()
            if slug
            else None
        )
        role, _ = Role.objects.update_or_create(
            platform=platform, locale=ja, name=name, defaults={"qualification": qualification}
        )
        _translated(role, en, {"name": name_en})
        roles[name] = role
    return roles


def _opportunity(platform, ja, en, title, title_en, summary_en, **fields):
    opportunity, _ = VolunteerOpportunity.objects.update_or_create(
        platform=platform, locale=ja, title=title, defaults=fields
    )
    _translated(opportunity, en, {"title": title_en, "summary": summary_en})
    return opportunity


def _volunteers(platform, count):
    volunteers = []
    for n in range(1, count + 1):
        email = f"volunteer{n}@example.invalid"
        person = Person.objects.filter(platform=platform, email=email).first() or new_person(
            platform,
            name=f"デモボランティア{n}",
            name_kana=f"でもぼらんてぃあ{n}",
            email=email,
            last_active_at=timezone.now(),
        )
        volunteer, _ = Volunteer.objects.get_or_create(
            person=person,
            defaults={"email_confirmed_at": timezone.now(), "languages": ["ja"]},
        )
        volunteers.append(volunteer)
    return volunteers


def _shift(opportunity, role, start, end, least, most, people=(), swapping=()):
    """A shift and, when it is new, its people (of whom `swapping` offer their place)."""
    shift, created = Shift.objects.get_or_create(
        opportunity=opportunity,
        role=role,
        starts_at=start,
        defaults={"ends_at": end, "min_people": least, "capacity": most},
    )
    if created:
        for volunteer in people:
            signup = services.sign_up(volunteer, shift)
            if volunteer in swapping:
                services.offer_swap(signup)
    return shift


def load(command):
    ja = Locale.objects.get(language_code="ja")
    en = Locale.objects.get(language_code="en")
    # The demo's volunteering is the default site's platform's (飯山市).
    platform = platforms.default()
    roles = _roles(platform, ja, en)
    people = _volunteers(platform, 6)
    symposium = EventPage.objects.filter(slug="symposium", locale=ja).first()
    support = _opportunity(
        platform,
        ja,
        en,
        "シンポジウム当日の運営ボランティア",
        "Helping on the day of the symposium",
        "Reception and guiding visitors, including wheelchair users, at the symposium.",
        summary="受付や会場案内など、シンポジウム当日の運営をお手伝いいただきます。",
        place="飯山市文化交流館なちゅら",
        area="飯山地区",
        contact_name="飯山市社会福祉協議会 地域福祉係",
        contact_phone="0269-00-0000",
        contact_email="volunteer@example.invalid",
        event=symposium,
    )
    day = (symposium.starts_at if symposium else _at(40, 13, 30)) - timedelta(hours=1, minutes=30)
    # Full, with one person waiting.
    _shift(support, roles["受付"], day, day + timedelta(hours=2), 2, 2, people[:3])
    # Short: needs three, has one.
    _shift(support, roles["会場案内"], day, day + timedelta(hours=4, minutes=30), 3, 4, people[3:4])
    food_drive = FoodDrivePage.objects.filter(slug="daredemo-shokudo-food-drive", locale=ja).first()
    food = _opportunity(
        platform,
        ja,
        en,
        "フードドライブ 仕分け・配送ボランティア",
        "Food drive: sorting and delivery",
        "Sorting donated food and delivering it to families and children's cafeterias.",
        summary="家庭で余った食品の寄付を仕分け、子ども食堂やご家庭へ届けます。",
        place="飯山市福祉センター",
        area="飯山地区",
        contact_name="フードドライブ実行委員会",
        contact_phone="0269-00-0001",
        food_drive=food_drive,
        waitlist_enabled=True,
        # Sorting and carrying boxes is heavy work.
        max_hours_in_a_row=5,
        min_break_minutes=60,
    )
    _shift(food, roles["仕分け"], _at(14, 9), _at(14, 12), 3, 6, people[4:6])
    _shift(food, roles["仕分け"], _at(14, 13), _at(14, 16), 3, 6)
    _shift(food, roles["運転"], _at(15, 10), _at(15, 15), 1, 2, people[:1], swapping=people[:1])
    _shift(food, roles["見守り"], _at(15, 10), _at(15, 12), 1, 2)
    command.stdout.write(
        f"  volunteers: {VolunteerOpportunity.objects.filter(locale=ja).count()} opportunities, "
        f"{Shift.objects.count()} shifts, {Volunteer.objects.count()} volunteers"
    )
