"""The directory's part of the scale data set (`load_scale`): member organisations, ibasho and
consultation windows, each in Japanese and English, beside the demo's."""

import datetime
from decimal import Decimal

from wagtail.models import Locale, Site

from cms.core import platform as platforms
from cms.core.bulk_pages import add_translated, missing_numbers, scale_photo
from cms.core.models import Topic
from cms.directory.ibasho.index_page import IbashoIndexPage
from cms.directory.ibasho.models import IbashoPage, IbashoScheduleRule
from cms.directory.members.index_page import MemberOrganisationIndexPage
from cms.directory.members.models import MemberOrganisationPage, Membership
from cms.directory.windows.models import ConsultationWindow
from cms.home.services import ensure_site

MEMBERS, IBASHO, WINDOWS = 500, 2_000, 300
AREAS = ["飯山地区", "秋津地区", "木島地区", "瑞穂地区", "外様地区", "常盤地区", "太田地区"]
AREAS_EN = ["Iiyama", "Akitsu", "Kijima", "Mizuho", "Tozama", "Tokiwa", "Ota"]


def _choices(model, name):
    return [value for value, _label in model._meta.get_field(name).choices]


def _members(command):
    index = MemberOrganisationIndexPage.objects.child_of(ensure_site()).get()
    total = command.count(MEMBERS)
    missing = missing_numbers(command, index, "scale-member-", "member", total)
    kinds = _choices(MemberOrganisationPage, "organisation_type")

    def fields(n):
        return {
            "slug": f"scale-member-{n:05}",
            "organisation_type": kinds[n % len(kinds)],
            "website": f"https://member{n}.example.jp/",
            "member_since": datetime.date(2025, 4, 1),
        }

    made = add_translated(
        command,
        index,
        missing,
        lambda n: MemberOrganisationPage(
            title=f"つながり支援団体{n:05}",
            name_kana=f"つながりしえんだんたい{n:05}",
            area=AREAS[n % len(AREAS)],
            summary="地域の見守りと居場所づくりに取り組む団体です。",
            **fields(n),
        ),
        lambda n: MemberOrganisationPage(
            title=f"Connection support group {n:05}",
            area=AREAS_EN[n % len(AREAS_EN)],
            summary="A group that watches over neighbours and runs places to belong.",
            **fields(n),
        ),
    )
    Membership.objects.bulk_create(
        [Membership(page=page, last_confirmed_on=datetime.date(2026, 4, 1)) for page in made]
    )
    topics = list(Topic.objects.filter(locale__language_code="ja").order_by("sort_order"))
    through = MemberOrganisationPage.topics.through
    through.objects.bulk_create(
        [
            through(memberorganisationpage_id=page.pk, topic_id=topics[i % len(topics)].pk)
            for i, page in enumerate(made)
        ]
    )
    return total


def _ibasho(command):
    index = IbashoIndexPage.objects.child_of(ensure_site()).get()
    total = command.count(IBASHO)
    missing = missing_numbers(command, index, "scale-ibasho-", "ibasho", total)
    kinds = _choices(IbashoPage, "kind")
    photo = scale_photo()

    def fields(n):
        return {
            "image_id": photo.pk if n % 2 else None,
            "slug": f"scale-ibasho-{n:05}",
            "kind": kinds[n % len(kinds)],
            "latitude": Decimal("36.85") + Decimal(n % 100) / 1000,
            "longitude": Decimal("138.36") + Decimal(n // 100 % 100) / 1000,
            "is_free": n % 3 != 0,
            "wheelchair_accessible": n % 2 == 0,
        }

    made = add_translated(
        command,
        index,
        missing,
        lambda n: IbashoPage(
            title=f"みんなの居場所{n:05}",
            name_kana=f"みんなのいばしょ{n:05}",
            summary="誰でも気軽に立ち寄れる、お茶とおしゃべりの場です。",
            area=AREAS[n % len(AREAS)],
            address=f"長野県飯山市大字飯山{n + 1}",
            **fields(n),
        ),
        lambda n: IbashoPage(
            title=f"Everyone's place {n:05}",
            summary="A place where anyone can drop in for tea and a chat.",
            area=AREAS_EN[n % len(AREAS_EN)],
            address=f"{n + 1} Iiyama, Iiyama-shi, Nagano",
            **fields(n),
        ),
    )
    IbashoScheduleRule.objects.bulk_create(
        [
            IbashoScheduleRule(
                page=page,
                sort_order=0,
                weekday=i % 7,
                start_time=datetime.time(10),
                end_time=datetime.time(15),
            )
            for i, page in enumerate(made)
        ]
    )
    return total


def _windows(command):
    ja = Locale.objects.get(language_code="ja")
    en = Locale.objects.get(language_code="en")
    total = command.count(WINDOWS)
    platform = platforms.of_site(Site.objects.get(is_default_site=True))
    have = set(
        ConsultationWindow.objects.filter(locale=ja, name__startswith="つながり相談").values_list(
            "name", flat=True
        )
    )
    missing = [n for n in range(total) if f"つながり相談{n:05}" not in have]
    originals = ConsultationWindow.objects.bulk_create(
        [
            ConsultationWindow(
                platform=platform,
                locale=ja,
                name=f"つながり相談{n:05}",
                operator="飯山市社会福祉協議会",
                summary="暮らしの困りごと、さびしさ、誰にも言えない悩みを聞きます。",
                by_phone=True,
                phone_numbers=f"0269-00-{n:04}",
                hours="平日 9:00〜17:00",
                area_level=ConsultationWindow.AreaLevel.CITY,
                area_name="飯山市",
                sort_order=1000 + n,
            )
            for n in missing
        ]
    )
    ConsultationWindow.objects.bulk_create(
        [
            ConsultationWindow(
                platform=platform,
                locale=en,
                translation_key=window.translation_key,
                name=f"Connection line {n:05}",
                operator="Iiyama Social Welfare Council",
                summary="Talk about everyday worries, loneliness, what you tell no one.",
                by_phone=True,
                phone_numbers=window.phone_numbers,
                hours="Weekdays 9:00–17:00",
                area_level=ConsultationWindow.AreaLevel.CITY,
                area_name="Iiyama",
                sort_order=window.sort_order,
            )
            for n, window in zip(missing, originals, strict=True)
        ]
    )
    command.progress("consultation windows", len(missing), len(missing))
    return total


def load(command):
    members = _members(command)
    ibasho = _ibasho(command)
    windows = _windows(command)
    command.stdout.write(
        f"  directory: {members} member organisations, {ibasho} ibasho, "
        f"{windows} consultation windows (ja, en)"
    )
