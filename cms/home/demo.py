"""Demo content: the site frame of 飯山市 (Iiyama, Nagano), one of the municipalities whose
platform-building the national case reports describe (seeds/004), on the default site; and the
platform of 長野県 that hosts it (its member registration and its lecturers sent to the
municipalities, seeds/002), on http://nagano.localhost:8000/ . The other apps' demos add 長野県's
news and its supporter course."""

from django.conf import settings
from wagtail.models import Locale, Site

from cms.core import platform as platforms
from cms.core.demo_helpers import update_page, upsert_child, upsert_translation
from cms.core.models import Platform, PlatformSettings
from cms.home import demo_languages
from cms.home.models import StandardPage
from cms.home.notices import notice_pages
from cms.home.platforms import create_platform
from cms.home.services import ensure_site

# The prefecture's platform: its host answers on the development server's port.
NAGANO = {"slug": "nagano", "hostname": "nagano.localhost", "port": 8000}
# 飯山市 offers every language (its foreign residents read Chinese, Korean, Vietnamese,
# Portuguese and Nepali); 長野県 Japanese, English and やさしい日本語.
IIYAMA_LANGUAGES = [code for code, _name in settings.LANGUAGES]
NAGANO_LANGUAGES = ["ja", "en", "ja-x-easy"]

HOME_JA = {
    "title": "飯山市孤独・孤立対策官民連携プラットフォーム",
    "lead": (
        "ひとりで悩まないでください。市・社会福祉協議会・NPO・民生委員・地域の団体がつながり、"
        "あなたの「困った」に寄り添います。"
    ),
    "intro": (
        "<p>飯山市では、行政と民間の団体が水平につながる「官民連携プラットフォーム」をつくり、"
        "孤独・孤立の予防と支援に取り組んでいます。相談できる窓口、気軽に立ち寄れる居場所、"
        "地域のイベントやボランティアの情報をこのサイトでお知らせします。</p>"
    ),
    "body": [
        {"type": "heading", "value": "わたしたちの取り組み"},
        {
            "type": "paragraph",
            "value": (
                "<ul><li>子どもからご年配の方まで誰もがふらっと立ち寄れる「だれでも食堂」</li>"
                "<li>集落サロン・オレンジカフェなどの通いの場</li>"
                "<li>若い世代のための相談窓口と訪問支援</li>"
                "<li>ひきこもりの方への就労支援（社会福祉協議会・まいさぽ飯山と連携）</li></ul>"
            ),
        },
        {
            "type": "quote",
            "value": {
                "text": "すき間なく、切れ目のない相談支援体制を、地域のみんなでつくる。",
                "attribution": "プラットフォームのめざす姿",
            },
        },
    ],
}

HOME_EN = {
    "title": "Iiyama City Public–Private Platform against Loneliness and Isolation",
    "lead": (
        "You do not have to face your worries alone. The city, the social welfare council, "
        "NPOs, welfare commissioners and local groups work together to support you."
    ),
    "intro": (
        "<p>Iiyama City has built a public–private platform where the municipality and local "
        "organisations work side by side to prevent and ease loneliness and isolation. This site "
        "tells you where to ask for help, places you can drop in, and local events and "
        "volunteering.</p>"
    ),
    "body": [
        {"type": "heading", "value": "What we do"},
        {
            "type": "paragraph",
            "value": (
                "<ul><li>“Daredemo shokudō”: community dining open to everyone, young and old</li>"
                "<li>Village salons and Orange Cafés where people gather</li>"
                "<li>A consultation window and home visits for young people</li>"
                "<li>Employment support for people living in social withdrawal, with the social "
                "welfare council and Maisapo Iiyama</li></ul>"
            ),
        },
        {
            "type": "quote",
            "value": {
                "text": "Support without gaps or breaks, built by the whole community.",
                "attribution": "What the platform aims for",
            },
        },
    ],
}

PAGES = [
    {
        "slug": "about",
        "show_in_menus": True,
        "ja": {
            "title": "プラットフォームについて",
            "summary": "飯山市孤独・孤立対策官民連携プラットフォームの目的と参加団体について。",
            "body": [
                {"type": "heading", "value": "目的"},
                {
                    "type": "paragraph",
                    "value": (
                        "<p>孤独・孤立対策推進法（令和6年4月施行）にもとづき、行政、社会福祉協議会、"
                        "NPO、民生委員・児童委員、企業などが「水平的」「包摂的」につながる場です。"
                        "情報を共有し、それぞれの強みを生かして、悩みを抱える方を必要な支援につなぎます。</p>"
                    ),
                },
                {"type": "heading", "value": "参画団体"},
                {
                    "type": "paragraph",
                    "value": (
                        "<p>行政、民生児童委員、社会福祉協議会、まいさぽ飯山、NPO、ボランティア団体などが"
                        "参画しています。参画を希望する団体は事務局までご連絡ください。</p>"
                    ),
                },
            ],
        },
        "en": {
            "title": "About the platform",
            "summary": "What the Iiyama City platform is for and who takes part.",
            "body": [
                {"type": "heading", "value": "Purpose"},
                {
                    "type": "paragraph",
                    "value": (
                        "<p>Under the Act on the Promotion of Measures against Loneliness and "
                        "Isolation (in force since April 2024), the city, the social welfare "
                        "council, NPOs, welfare commissioners and companies meet here as equals, "
                        "share information and connect people with the help they need.</p>"
                    ),
                },
                {"type": "heading", "value": "Member organisations"},
                {
                    "type": "paragraph",
                    "value": (
                        "<p>The city, welfare commissioners, the social welfare council, Maisapo "
                        "Iiyama, NPOs and volunteer groups take part. Organisations that would "
                        "like to join are welcome to contact the secretariat.</p>"
                    ),
                },
            ],
        },
    },
]


PAGES.append(
    {
        "slug": "activity",
        "show_in_menus": True,
        "ja": {
            "title": "活動実績",
            "summary": "今年度と前年度の、イベント・参加者・サポーター養成・フードドライブの実績です。",
            "body": [
                {
                    "type": "paragraph",
                    "value": (
                        "<p>プラットフォームの参画団体と市民のみなさんの活動を数字でお知らせします。"
                        "数字は毎日の記録から自動で集計しています。</p>"
                    ),
                },
                {"type": "activity_figures", "value": {"heading": ""}},
            ],
        },
        "en": {
            "title": "Our activity",
            "summary": "Events, participants, supporters trained and food collected, this year and last.",
            "body": [
                {
                    "type": "paragraph",
                    "value": (
                        "<p>What the member organisations and residents did together, in "
                        "figures counted from the day-to-day records.</p>"
                    ),
                },
                {"type": "activity_figures", "value": {"heading": ""}},
            ],
        },
    }
)


def load(command):
    home = ensure_site()
    en = Locale.objects.get(language_code="en")
    site = Site.objects.get(is_default_site=True)
    update_page(home, **HOME_JA)
    upsert_translation(home, en, **HOME_EN)

    pages = {}
    for spec in PAGES:
        page = upsert_child(
            home, StandardPage, spec["slug"], show_in_menus=spec["show_in_menus"], **spec["ja"]
        )
        upsert_translation(page, en, show_in_menus=spec["show_in_menus"], **spec["en"])
        pages[spec["slug"]] = page

    pages.update(notice_pages(home))
    PlatformSettings.objects.update_or_create(
        site=site,
        defaults={
            "secretariat_name": "飯山市 民生部保健福祉課（プラットフォーム事務局）",
            "address": "〒389-2292 長野県飯山市大字飯山1110-1",
            "phone": "0269-00-0000",
            "email": "platform@example.jp",
            "office_hours": "平日 8:30〜17:15（土日祝・年末年始を除く）",
            "privacy_page": pages["privacy"],
            "accessibility_page": pages["accessibility"],
            "languages": IIYAMA_LANGUAGES,
        },
    )
    command.stdout.write(
        "  home: home page, about, activity, privacy and accessibility pages (ja, en)"
    )
    demo_languages.load(command, home)
    load_nagano(command)


NAGANO_JA = {
    "title": "長野県孤独・孤立対策官民連携プラットフォーム",
    "lead": (
        "県内の市町村・社会福祉協議会・NPO・企業がつながり、孤独・孤立に悩む方を支えます。"
        "参画団体の登録と、市町村への講師派遣を行っています。"
    ),
    "intro": (
        "<p>長野県では、プラットフォームの事務を委託して参画の呼び掛けと団体の登録・管理を行い、"
        "参画団体や市町村、市町村社協などの依頼に応じてフォーラム等に県から講師を派遣しています。"
        "県内の市町村のプラットフォームとつながり、つながりサポーターの養成も進めています。</p>"
    ),
    "body": [],
}

NAGANO_EN = {
    "title": "Nagano Prefecture Public–Private Platform against Loneliness and Isolation",
    "lead": (
        "Municipalities, social welfare councils, NPOs and companies across the prefecture work "
        "together to support people facing loneliness and isolation."
    ),
    "intro": (
        "<p>Nagano Prefecture registers the organisations that take part in its platform and "
        "sends lecturers to forums held by members, municipalities and their social welfare "
        "councils. It works with the platforms of its municipalities and trains connection "
        "supporters.</p>"
    ),
    "body": [],
}

NAGANO_SETTINGS = {
    "secretariat_name": "長野県 健康福祉部 地域福祉課（プラットフォーム事務局）",
    "address": "〒380-8570 長野県長野市大字南長野字幅下692-2",
    "phone": "026-000-0000",
    "email": "nagano-platform@example.jp",
    "office_hours": "平日 8:30〜17:15（土日祝・年末年始を除く）",
    "mail_sender": "長野県孤独・孤立対策官民連携プラットフォーム <nagano-platform@example.jp>",
    "theme_colour": "#1d5b79",
}


def nagano():
    """長野県's platform (None before the demo has made it)."""
    return Platform.objects.filter(slug=NAGANO["slug"]).select_related("site").first()


def load_nagano(command):
    """長野県's platform, hosting 飯山市's and sharing its supporter registry with it."""
    platform = create_platform(
        **NAGANO,
        name=NAGANO_JA["title"],
        english_name=NAGANO_EN["title"],
        kind=Platform.Kind.PREFECTURE,
        languages=NAGANO_LANGUAGES,
    )
    if not platform.shares_registry:
        platform.shares_registry = True
        platform.save(update_fields=["shares_registry"])
    home = platform.site.root_page.specific
    update_page(home, **NAGANO_JA)
    upsert_translation(home, Locale.objects.get(language_code="en"), **NAGANO_EN)
    PlatformSettings.objects.update_or_create(site=platform.site, defaults=NAGANO_SETTINGS)
    iiyama = platforms.default()
    if iiyama.prefecture_id != platform.pk:
        iiyama.prefecture = platform
        iiyama.save(update_fields=["prefecture"])
    command.stdout.write(f"  home: 長野県's platform on {platforms.base_url(platform)}/")
