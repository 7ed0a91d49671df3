"""Demo sponsors of 飯山市's and 長野県's platforms (fictional local companies, associations and
people), in tiers, with English translations: the whole platform's supporters, the symposium's
(協賛, 後援, 協力), the food drive's and the supporter course's; an individual who gives food
and is not named, and a sponsorship that ended last month (no longer shown). And each
platform's public sponsors page, in the menu."""

from datetime import timedelta

from django.utils import timezone
from wagtail.models import Locale

from cms.core import platform as platforms
from cms.core.demo_helpers import IndexPage
from events.courses.models import TrainingCourse
from events.fooddrives.models import FoodDrivePage
from events.models import EventPage
from sponsors.models import Sponsor, SponsorIndexPage, Sponsorship, SponsorTier

INDEX_PAGE = IndexPage(
    SponsorIndexPage,
    "sponsors",
    ja={
        "title": "協賛・協力のみなさま",
        "intro": "プラットフォームの活動は、地域の企業・団体・個人のみなさまのご支援に支えられています。",
        "show_in_menus": True,
    },
    en={
        "title": "Our sponsors",
        "intro": "The platform's work is supported by local companies, associations and people.",
        "show_in_menus": True,
    },
)

# (key, Japanese name, English name, order)
IIYAMA_TIERS = [
    ("gold", "ゴールド", "Gold", 10),
    ("silver", "シルバー", "Silver", 20),
    ("help", "協力", "Cooperation", 30),
    ("endorse", "後援", "Endorsement", 40),
]
NAGANO_TIERS = [
    ("gold", "ゴールド", "Gold", 10),
    ("silver", "シルバー", "Silver", 20),
    ("help", "協力", "Cooperation", 30),
]

K = Sponsor.Kind
S = Sponsorship.Support
# name, kana, kind, url, English name, named publicly (individuals), and its sponsorships:
# (tier, support, target, role, days from today it began, days from today it ends or None)
IIYAMA = [
    (
        "飯山みらい信用金庫",
        "いいやまみらいしんようきんこ",
        K.SPONSORSHIP,
        "",
        "Iiyama Mirai Credit Union",
        False,
        [
            ("gold", S.MONEY, "platform", "", -200, None),
            ("gold", S.MONEY, "symposium", "特別協賛", -60, None),
        ],
    ),
    (
        "長野県",
        "ながのけん",
        K.ENDORSEMENT,
        "https://www.pref.nagano.lg.jp/",
        "Nagano Prefecture",
        False,
        [
            ("endorse", "", "symposium", "", None, None),
        ],
    ),
    (
        "飯山市教育委員会",
        "いいやましきょういくいいんかい",
        K.ENDORSEMENT,
        "",
        "Iiyama City Board of Education",
        False,
        [
            ("endorse", "", "symposium", "", None, None),
        ],
    ),
    (
        "北信タイムス社",
        "ほくしんたいむすしゃ",
        K.COOPERATION,
        "",
        "Hokushin Times",
        False,
        [
            ("help", S.PEOPLE, "symposium", "", None, None),
        ],
    ),
    (
        "北信濃ふるさと農業協同組合",
        "きたしなのふるさとのうぎょうきょうどうくみあい",
        K.SPONSORSHIP,
        "",
        "Kita-Shinano Furusato Agricultural Cooperative",
        False,
        [
            ("silver", S.GOODS, "drive", "食品提供", -90, None),
        ],
    ),
    (
        "ホテル千曲川さわやか荘",
        "ほてるちくまがわさわやかそう",
        K.COOPERATION,
        "",
        "Hotel Chikumagawa Sawayaka-so",
        False,
        [
            ("silver", S.VENUE, "course", "会場提供", -120, 180),
        ],
    ),
    (
        "高橋米穀店",
        "たかはしべいこくてん",
        K.COOPERATION,
        "",
        "Takahashi Rice Shop",
        False,
        [
            ("help", S.GOODS, "drive", "", -30, None),
        ],
    ),
    (
        "木島 和子",
        "きじま かずこ",
        K.INDIVIDUAL,
        "",
        "Kazuko Kijima",
        False,
        [
            ("help", S.GOODS, "platform", "", -100, None),
        ],
    ),
    (
        "なべくら高原観光協会",
        "なべくらこうげんかんこうきょうかい",
        K.SPONSORSHIP,
        "",
        "Nabekura Highlands Tourism Association",
        False,
        [
            ("silver", S.MONEY, "platform", "", -400, -31),
        ],
    ),
]
NAGANO = [
    (
        "信州あおぞら銀行",
        "しんしゅうあおぞらぎんこう",
        K.SPONSORSHIP,
        "",
        "Shinshu Aozora Bank",
        False,
        [
            ("gold", S.MONEY, "platform", "", -150, None),
            ("gold", S.VENUE, "course", "会場提供", -60, None),
        ],
    ),
    (
        "善光寺平ロジスティクス株式会社",
        "ぜんこうじだいらろじすてぃくす",
        K.SPONSORSHIP,
        "",
        "Zenkojidaira Logistics",
        False,
        [
            ("silver", S.GOODS, "platform", "フードバンク配送協力", -150, None),
        ],
    ),
    (
        "長野県生活協同組合連合会（架空）",
        "ながのけんせいかつきょうどうくみあいれんごうかい",
        K.COOPERATION,
        "",
        "Nagano Consumer Co-operatives Union (fictional)",
        False,
        [
            ("help", S.PEOPLE, "platform", "", -300, None),
        ],
    ),
    (
        "松本 健一",
        "まつもと けんいち",
        K.INDIVIDUAL,
        "",
        "Ken'ichi Matsumoto",
        True,
        [
            ("help", S.MONEY, "platform", "", -20, None),
        ],
    ),
    (
        "上田 さくら",
        "うえだ さくら",
        K.INDIVIDUAL,
        "",
        "Sakura Ueda",
        False,
        [
            ("help", S.GOODS, "platform", "", -20, None),
        ],
    ),
]


def _translated(instance, en, **fields):
    translated = (
        type(instance).objects.filter(translation_key=instance.translation_key, locale=en).first()
    )
    if translated is None:
        translated = instance.copy_for_translation(en)
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save()


def _targets(platform, ja):
    """The symposium and the food drive of 飯山市, and the platform's (first) course."""
    course = TrainingCourse.objects.filter(qualification__platform=platform).order_by("pk")
    targets = {"course": course.first()}
    if platform.site.is_default_site:
        targets["symposium"] = EventPage.objects.filter(slug="symposium", locale=ja).first()
        targets["drive"] = FoodDrivePage.objects.filter(locale=ja).order_by("pk").first()
    return targets


def _load(platform, tiers_spec, sponsors_spec, ja, en):
    INDEX_PAGE.upsert(platform.site.root_page.specific)
    tiers = {}
    for key, name, english, order in tiers_spec:
        tier, _ = SponsorTier.objects.update_or_create(
            platform=platform, locale=ja, sort_order=order, defaults={"name": name}
        )
        _translated(tier, en, name=english, sort_order=order)
        tiers[key] = tier
    targets = _targets(platform, ja)
    today = timezone.localdate()
    count = 0
    for order, (name, kana, kind, url, english, named, sponsorships) in enumerate(sponsors_spec):
        sponsor, _ = Sponsor.objects.update_or_create(
            platform=platform,
            name=name,
            locale=ja,
            defaults={"name_kana": kana, "kind": kind, "url": url, "named_publicly": named},
        )
        _translated(sponsor, en, name=english, name_kana=kana, kind=kind, url=url)
        for tier, support, target, role, began, ends in sponsorships:
            where = {"whole_platform": True}
            if target != "platform":
                page = targets.get(target)
                if page is None:
                    continue
                where = {
                    "event"
                    if target == "symposium"
                    else "food_drive"
                    if target == "drive"
                    else "course": page
                }
            Sponsorship.objects.update_or_create(
                sponsor=sponsor,
                **where,
                defaults={
                    "tier": tiers[tier],
                    "support": support,
                    "role": role,
                    "sort_order": order,
                    "starts_on": None if began is None else today + timedelta(days=began),
                    "ends_on": None if ends is None else today + timedelta(days=ends),
                },
            )
            count += 1
    return count


def load(command):
    from cms.home.demo import nagano

    ja = Locale.objects.get(language_code="ja")
    en = Locale.objects.get(language_code="en")
    count = _load(platforms.default(), IIYAMA_TIERS, IIYAMA, ja, en)
    prefecture = nagano()
    if prefecture is not None:
        count += _load(prefecture, NAGANO_TIERS, NAGANO, ja, en)
    command.stdout.write(f"  sponsors: {count} sponsorships of 飯山市 and 長野県, in tiers")
