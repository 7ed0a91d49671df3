"""Demo supporter courses of 飯山市 (fictional people): a three-session つながりサポーター
course held a few months ago with a make-up session (補講), whose attendance leaves some people
complete and some not; a follow-up course (フォローアップ研修) that renewed some of them; and
an upcoming leader course that only supporters may enrol in. Pages and dates are made once;
loading again changes nothing."""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Locale

from cms.core import platform as platforms
from cms.core import roles
from cms.core.demo_helpers import upsert_translation
from cms.home.services import ensure_site
from cms.people.demo import load_qualifications
from cms.people.models import Person, Qualification, QualificationGrant
from events.courses import services
from events.courses.models import MakeUpSession, TrainingCourse
from events.models import EventIndexPage, EventPage, EventSession, Quota

PEOPLE = [
    ("飯山 一子", "いいやま かずこ"),
    ("木島 次郎", "きじま じろう"),
    ("秋津 三恵", "あきつ みえ"),
    ("常盤 四郎", "ときわ しろう"),
    ("外様 五月", "とざま さつき"),
    ("瑞穂 六助", "みずほ ろくすけ"),
    ("岡山 七海", "おかやま ななみ"),
    ("太田 八重", "おおた やえ"),
]

# Marks at 第1回, 第2回, 第3回, 補講 (for 第2回); None: not marked.
ATTENDANCE = [
    ("present", "present", "present", None),  # complete
    ("present", "late", "present", None),  # complete: late counts
    ("present", "absent", "present", "present"),  # complete through the make-up
    ("late", "present", "present", None),  # complete
    ("present", "make_up", "present", None),  # complete: made up by video and report
    ("present", "absent", "present", "absent"),  # not complete: missed the make-up too
    ("present", "present", "absent", None),  # not complete
    ("present", None, None, None),  # not complete: stopped coming
]


def _at(days, hour):
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _course_page(index, slug, fields, title_en, sessions, capacity):
    page = EventPage.objects.child_of(index).filter(slug=slug).first()
    if page is None:
        page = EventPage(slug=slug, locale=index.locale, **fields)
        page.sessions = [
            EventSession(title=title, starts_at=_at(day, 10), ends_at=_at(day, 12))
            for title, day in sessions
        ]
        page.quotas = [Quota(capacity=capacity)]
        index.add_child(instance=page)
        page.save_revision().publish()
    upsert_translation(page, Locale.objects.get(language_code="en"), title=title_en)
    return EventPage.objects.get(pk=page.pk)


def _course(page, qualification, trainer, **fields):
    prerequisites = fields.pop("prerequisites", [])
    course, created = TrainingCourse.objects.get_or_create(
        event=page, defaults={"qualification": qualification, **fields}
    )
    if created:
        course.trainers.set([trainer])
        course.prerequisites.set(prerequisites)
        course.save()
    return course


def _person(n, name, kana, platform=None):
    person, _ = Person.objects.get_or_create(
        platform=platform or platforms.default(),
        email=f"supporter{n}@example.invalid",
        defaults={"name": name, "name_kana": kana},
    )
    return person


def load(command):
    # 飯山市's (the default site's): 長野県's platform has an events index too
    index = EventIndexPage.objects.child_of(ensure_site()).filter(slug="events").first()
    if index is None:
        return
    mine = Qualification.objects.filter(platform=platforms.default(), locale__language_code="ja")
    supporter = mine.get(slug="tsunagari-supporter")
    leader = mine.get(slug="tsunagari-leader")
    trainer, created = get_user_model().objects.get_or_create(
        username="demo-trainer", defaults={"first_name": "講師", "last_name": "デモ"}
    )
    if created:
        trainer.set_unusable_password()
        trainer.save()
    # A lecturer of 飯山市's trainers' group: the admin shows them their courses and rosters
    # (demo_admin gives the demo's staff accounts a password).
    trainer.groups.add(roles.group_of(platforms.default(), roles.TRAINERS))
    common = {
        "category": EventPage.Category.LECTURE,
        "venue_name": "飯山市福祉センター",
        "venue_address": "長野県飯山市大字飯山1110-1",
        "area": "飯山地区",
        "fee": "無料",
    }

    page = _course_page(
        index,
        "tsunagari-supporter-course",
        {
            **common,
            "title": "つながりサポーター養成講座（全3回）",
            "summary": "孤独・孤立に気づき、声をかけ、相談窓口につなぐ住民サポーターの養成講座です。",
        },
        "Tsunagari supporter course (three sessions)",
        [("第1回", -120), ("第2回", -113), ("第3回", -106), ("第2回 補講", -99)],
        30,
    )
    course = _course(page, supporter, trainer)
    first, second, third, make_up = page.sessions.order_by("starts_at")
    if not course.make_ups.exists():
        MakeUpSession.objects.create(course=course, session=make_up, replaces=second)
    before = first.starts_at - timedelta(days=14)
    people = [_person(n, *names) for n, names in enumerate(PEOPLE, 1)]
    registrations = [services.enrol(course, p, now=before)[0] for p in people]
    for position, session in enumerate((first, second, third, make_up)):
        marks = {
            registration: (row[position], "")
            for registration, row in zip(registrations, ATTENDANCE, strict=True)
            if row[position]
        }
        services.record_attendance(session, marks, user=trainer)

    page = _course_page(
        index,
        "tsunagari-follow-up",
        {
            **common,
            "title": "つながりサポーター フォローアップ研修",
            "summary": "活動の振り返りと事例検討。修了で資格の有効期限を更新します。",
        },
        "Tsunagari supporter follow-up training",
        [("", -20)],
        30,
    )
    follow_up = _course(page, supporter, trainer, follow_up=True)
    (session,) = page.sessions.all()
    before = session.starts_at - timedelta(days=14)
    marks = {}
    for person, mark in zip(people[:3], ("present", "present", "absent"), strict=True):
        registration = services.enrol(follow_up, person, now=before)[0]
        marks[registration] = (mark, "")
    services.record_attendance(session, marks, user=trainer)

    page = _course_page(
        index,
        "tsunagari-leader-course",
        {
            **common,
            "title": "つながりサポーター・リーダー養成講座（全2回）",
            "summary": "サポーターの交流会や研修を地域で企画・運営するリーダーを養成します。受講にはつながりサポーターの資格が必要です。",
        },
        "Tsunagari supporter leader course (two sessions)",
        [("第1回", 30), ("第2回", 37)],
        12,
    )
    leaders = _course(page, leader, trainer, prerequisites=[supporter])
    for person in people[:2]:
        services.enrol(leaders, person)
    # Two supporters said the secretariat may ask them to help with volunteer roles.
    QualificationGrant.objects.filter(person__in=people[:2], qualification=supporter).update(
        contact_for_volunteering=True
    )
    nagano = _nagano_course()
    command.stdout.write(
        f"  courses: {TrainingCourse.objects.count()} courses"
        f"{' (長野県: 1)' if nagano else ''}, "
        f"{course.completions.count()} of {len(people)} completed the supporter course"
    )


# Residents of the prefecture's municipalities enrolled in its coming course: people of
# 長野県's platform, whom 飯山市's staff never see (a person is per platform).
NAGANO_PEOPLE = [
    ("千曲 陽子", "ちくま ようこ"),
    ("安曇 健", "あずみ けん"),
    ("諏訪 美和", "すわ みわ"),
]


def _nagano_course():
    """長野県's supporter course (its page made by the events' demo): it grants 長野県's
    つながりサポーター, which 飯山市's volunteer roles recognise because the prefecture shares its
    registry; taught by a lecturer of the prefecture's trainers' group."""
    from cms.home.demo import nagano

    platform = nagano()
    if platform is None:
        return None
    page = (
        EventPage.objects.descendant_of(platform.site.root_page)
        .filter(slug="tsunagari-supporter-course", locale__language_code="ja")
        .first()
    )
    if page is None:
        return None
    qualification = load_qualifications(platform)["tsunagari-supporter"]
    trainer, created = get_user_model().objects.get_or_create(
        username="demo-trainer-nagano", defaults={"first_name": "講師", "last_name": "長野"}
    )
    if created:
        trainer.set_unusable_password()
        trainer.save()
    trainer.groups.add(roles.group_of(platform, roles.TRAINERS))
    course = _course(page, qualification, trainer)
    for n, names in enumerate(NAGANO_PEOPLE, 1):
        services.enrol(course, _person(100 + n, *names, platform=platform))
    return course
