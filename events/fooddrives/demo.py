"""Demo food drive of 飯山市's platform: 「だれでも食堂 フードドライブ」, after the one in the
seeds (米約120キロ, 缶詰, 乾麺 from 15 groups and individuals, for the だれでも食堂 and the
子ども食堂). It collects from a few days ago for about two weeks at the 社会福祉協議会 and the
公民館; some pledges were brought, some are still to come, one was cancelled and one not
brought; a collection box brought food without a pledge; some rice went to the 子ども食堂. The
rice is nearly at its target and the tinned food has reached it. The pages and their
activity are made once (the people are fictional); loading again changes nothing."""

from datetime import time, timedelta

from django.utils import timezone
from wagtail.models import Locale

from cms.core.demo_helpers import IndexPage, upsert_translation
from cms.directory.models import MemberOrganisationPage
from cms.home.services import ensure_site
from events.fooddrives import queries, services
from events.fooddrives.models import (
    DropOffPoint,
    FoodDriveIndexPage,
    FoodDrivePage,
    Pledge,
    WantedItem,
)

SLUG = "daredemo-shokudo-food-drive"

# Japanese name, unit, target, note; English name and note
ITEMS = [
    ("米", "kg", 120, "精米・玄米どちらでも", "Rice", "Polished or brown"),
    ("缶詰", "個", 100, "ツナ・さば・果物など", "Tinned food", "Tuna, mackerel, fruit…"),
    ("乾麺", "袋", 80, "そうめん・うどん・パスタなど", "Dried noodles", "Somen, udon, pasta…"),
    (
        "レトルト食品",
        "個",
        60,
        "カレー・丼の素・おかゆなど",
        "Ready meals",
        "Curry, rice porridge…",
    ),
    ("調味料", "本", None, "しょうゆ・みそ・油など", "Seasonings", "Soy sauce, miso, oil…"),
]

# Name, address, note on hours; English name and note; when food is taken (days: Monday 0).
POINTS = [
    (
        "飯山市社会福祉協議会",
        "長野県飯山市大字飯山1110-1 飯山市福祉センター1階",
        "",
        "Iiyama Social Welfare Council",
        "",
        {"open_weekdays": "01234", "opens_at": time(9), "closes_at": time(17)},
    ),
    (
        "飯山市公民館",
        "長野県飯山市大字飯山",
        "祝日・年末年始は休館",
        "Iiyama Community Centre",
        "Closed on public holidays and at the New Year",
        {
            "open_weekdays": "123456",
            "opens_at": time(9),
            "closes_at": time(17),
            "closed_dates": "12-29〜01-03",
        },
    ),
]


DRIVE = {
    "title": "だれでも食堂 フードドライブ",
    "summary": (
        "ご家庭で使い切れない食品をお寄せください。だれでも食堂と市内の子ども食堂で、"
        "みんなの食事に使わせていただきます。"
    ),
    "beneficiaries": "だれでも食堂、市内の子ども食堂",
    "conditions": (
        "未開封で、常温で保存できるもの。賞味期限が持ち込み日から1か月以上あるもの。"
        "生鮮食品・アルコール・手作りの食品はお受けできません。"
    ),
    "body": [
        {"type": "heading", "value": "フードドライブとは"},
        {
            "type": "paragraph",
            "value": (
                "<p>ご家庭で余っている食品を持ち寄り、必要としている方に届ける取り組みです。"
                "前回のだれでも食堂では、15の団体・個人から米約120キロ、缶詰や乾麺などが"
                "寄せられました。</p>"
            ),
        },
        {
            "type": "paragraph",
            "value": (
                "<p>寄付の申し出をしていただくと、持ち込み場所と持ち込み日をお知らせします。"
                "申し出なしで、市役所1階の回収ボックスに入れていただくこともできます。</p>"
            ),
        },
    ],
}

DRIVE_EN = {
    "title": "Food drive for the “everyone's cafeteria”",
    "summary": (
        "Bring food your household will not use: it goes to the everyone's cafeteria "
        "(daredemo shokudo) and the children's cafeterias of the city."
    ),
    "beneficiaries": "The everyone's cafeteria and the children's cafeterias of Iiyama",
    "conditions": (
        "Unopened food that keeps at room temperature, with at least a month to its best-before "
        "date. We cannot accept fresh food, alcohol or home-made food."
    ),
}

# Fictional people: name, kana, {food: quantity}, drop-off in days, point, e-mail, what became
# of the pledge ("open", "received" with what came, "cancelled", "not_brought").
PLEDGES = [
    ("北村 和子", "きたむら かずこ", {"米": 30, "缶詰": 24}, -2, 0, True, ("received", None)),
    (
        "瑞穂 健一",
        "みずほ けんいち",
        {"米": 20, "乾麺": 10},
        -1,
        1,
        True,
        ("received", {"乾麺": 12}),
    ),
    ("常盤 ゆり", "ときわ ゆり", {"缶詰": 16}, -1, 0, False, ("received", None)),
    ("外様 大輔", "とざま だいすけ", {"レトルト食品": 6}, -2, 1, True, ("not_brought", None)),
    ("秋津 陽子", "あきつ ようこ", {"米": 15}, 3, 0, True, ("cancelled", None)),
    ("木島 正夫", "きじま まさお", {"米": 10, "缶詰": 20}, 2, 0, False, ("open", None)),
    ("岡山 花", "おかやま はな", {"米": 7, "缶詰": 10}, 5, 1, True, ("open", None)),
    ("太田 翔", "おおた しょう", {"乾麺": 8, "調味料": 3}, 4, 1, True, ("open", None)),
    ("柳原 千里", "やなぎはら ちさと", {"米": 20, "レトルト食品": 4}, 7, 0, True, ("open", None)),
]
BOX = "回収ボックス（飯山市役所1階）"
INTAKES = [("米", 25), ("缶詰", 30), ("乾麺", 15)]


def _today(days=0):
    return timezone.localdate() + timedelta(days=days)


def _open_day(point, days):
    """The day nearest to `days` from today on which the point takes food, on the same side
    of today (a pledge already brought stays in the past), within the collection; the
    nearest in the whole collection when that side has none (年末年始)."""
    side = range(-3, 0) if days < 0 else range(1, 14)
    for candidates in (side, range(-3, 14)):
        days_open = [n for n in candidates if point.is_open_on(_today(n))]
        if days_open:
            return _today(min(days_open, key=lambda n: (abs(n - days), n)))
    return _today(days)


def _drive(index):
    drive = FoodDrivePage.objects.child_of(index).filter(slug=SLUG).first()
    organiser = MemberOrganisationPage.objects.filter(
        locale=index.locale, slug="iiyama-shakyo"
    ).first()
    if drive is None:
        drive = FoodDrivePage(
            slug=SLUG,
            locale=index.locale,
            organiser=organiser,
            collection_starts_on=_today(-3),
            collection_ends_on=_today(13),
            min_days_to_best_before=30,
            reminder_days=1,
            **DRIVE,
        )
        # In their order (sort_order): rows of equal order come back in any order on
        # PostgreSQL, and the English page below is matched to them by position.
        drive.items = [
            WantedItem(sort_order=n, name=name, unit=unit, target=target, note=note)
            for n, (name, unit, target, note, _name_en, _note_en) in enumerate(ITEMS)
        ]
        drive.points = [
            DropOffPoint(sort_order=n, name=name, address=address, hours=note, **openings)
            for n, (name, address, note, _name_en, _note_en, openings) in enumerate(POINTS)
        ]
        index.add_child(instance=drive)
        drive.save_revision().publish()
    return FoodDrivePage.objects.get(pk=drive.pk)


def _translation(drive, en):
    """The English page, its foods and drop-off points in English (a new revision only when
    something changed). Pledges and amounts stay with the Japanese page."""
    translation = upsert_translation(drive, en, **DRIVE_EN).specific
    # by position, with the rows' creation breaking ties (a drive made before the demo set
    # sort_order has none)
    items = list(translation.items.order_by("sort_order", "pk"))
    points = list(translation.points.order_by("sort_order", "pk"))
    changed = False
    for row, (*_ja, name, note) in zip(items, ITEMS, strict=False):
        if (row.name, row.note) != (name, note):
            row.name, row.note = name, note
            changed = True
    for row, (_ja, _address, _note, name, note, _openings) in zip(points, POINTS, strict=False):
        if (row.name, row.hours) != (name, note):
            row.name, row.hours = name, note
            changed = True
    if changed:
        translation.items, translation.points = items, points
        translation.save_revision().publish()
    return translation


def _activity(drive):
    """Pledges in every state, food from the collection box and one hand-over, as the desk
    would have recorded them over the first days of the collection."""
    items = {item.name: item for item in drive.items.all()}
    points = list(drive.points.all())
    # Pledges for days already past were made before those days.
    earlier = timezone.now() - timedelta(days=4)
    for n, (name, kana, foods, days, point, email, (outcome, brought)) in enumerate(PLEDGES, 1):
        pledge, _created = services.pledge(
            drive,
            point=points[point],
            drop_off_on=(day := _open_day(points[point], days)),
            lines=[services.Line(items[food], quantity) for food, quantity in foods.items()],
            name=name,
            name_kana=kana,
            phone=f"0269-00-{1000 + n}",
            email=f"fooddrive{n}@example.invalid" if email else "",
            now=earlier if days < 0 else None,
        )
        if outcome == "received":
            amounts = {**foods, **(brought or {})}
            services.receive_pledge(
                pledge,
                {line.pk: amounts[line.item.name] for line in pledge.lines.select_related("item")},
                received_on=day,
            )
        elif outcome == "not_brought":
            services.receive_pledge(pledge, {}, received_on=day)
        elif outcome == "cancelled":
            services.cancel_pledge(pledge)
    for food, quantity in INTAKES:
        services.record_intake(
            drive, item=items[food], quantity=quantity, donor=BOX, received_on=_today(-1)
        )
    shokudo = MemberOrganisationPage.objects.filter(
        locale=drive.locale, slug="kodomo-shokudo"
    ).first()
    services.distribute(
        drive,
        item=items["米"],
        quantity=30,
        recipient=shokudo,
        recipient_name="" if shokudo else "いいやま子ども食堂の会",
        distributed_on=_today(),
    )
    # A stocktake found one can dented: a correction of the stock, with its reason.
    services.correct_stock(
        drive,
        item=items["缶詰"],
        change=-1,
        reason="damaged",
        note="缶がへこんでいた",
        corrected_on=_today(),
    )


INDEX_PAGE = IndexPage(
    FoodDriveIndexPage,
    "food-drives",
    ja={
        "title": "食品の寄付",
        "intro": "フードドライブで集めた食品は、だれでも食堂や子ども食堂で活用されます。",
        "show_in_menus": True,
    },
    en={
        "title": "Food donations",
        "intro": "Food collected in our food drives goes to cafeterias for children and for "
        "everyone.",
        "show_in_menus": True,
    },
)


def load(command):
    en = Locale.objects.get(language_code="en")
    index = INDEX_PAGE.upsert(ensure_site())
    drive = _drive(index)
    _translation(drive, en)
    if not Pledge.objects.filter(drive=drive).exists():
        _activity(drive)
    totals = queries.item_totals(drive)
    command.stdout.write(
        f"  food drives: {FoodDrivePage.objects.filter(locale=index.locale).count()} drive, "
        f"{Pledge.objects.filter(drive=drive).count()} pledges, "
        + ", ".join(f"{t.item.name} {t.committed}/{t.item.target or '-'}" for t in totals)
    )
