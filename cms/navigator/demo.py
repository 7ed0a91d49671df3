"""Demo content for finding help: ibasho of 飯山市 (fictional, with 0269-00-xxxx numbers),
consultation windows (the national ones are real public lines with their institutional
numbers; the local ones are fictional) and the worries of the navigator, in Japanese and English.

Ibasho are created once and then left alone, so that loading twice publishes no new revision."""

import datetime as dt
from decimal import Decimal

from django.utils import translation
from wagtail.models import Locale

from cms.core import platform as platforms
from cms.core.demo_helpers import IndexPage
from cms.core.models import Topic
from cms.directory.ibasho import demo_photos as ibasho_photos
from cms.directory.models import (
    ConsultationWindow,
    IbashoCancelledDate,
    IbashoExtraDate,
    IbashoIndexPage,
    IbashoPage,
    IbashoScheduleRule,
    MemberOrganisationPage,
)
from cms.home.services import ensure_site
from cms.navigator import demo_hours, demo_languages
from cms.navigator.demo_nagano import NAGANO_WINDOWS
from cms.navigator.demo_reach import reach
from cms.navigator.models import Worry

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
K = IbashoPage.Kind

# slug, ja name, kana, en name, kind, groups, area, (lat, lon), rules, free/fee, organisation hint
# rules: (weekday, "weeks", "HH:MM", "HH:MM")
IBASHO = [
    (
        "ekimae-daredemo",
        "駅前だれでも食堂",
        "えきまえだれでもしょくどう",
        "Station-front cafeteria for everyone",
        K.CAFETERIA_FOR_ALL,
        ["children-youth", "older-people", "single-parents"],
        "飯山地区",
        (36.8447, 138.3626),
        [(SAT, "2,4", "11:00", "14:00")],
        0,
        "社会福祉協議会",
    ),
    (
        "kijima-kodomo",
        "木島こども食堂",
        "きじまこどもしょくどう",
        "Kijima children's cafeteria",
        K.CHILDREN_CAFETERIA,
        ["children-youth", "single-parents"],
        "木島地区",
        (36.8636, 138.3537),
        [(WED, "", "17:00", "19:00")],
        0,
        "NPO",
    ),
    (
        "akitsu-salon",
        "秋津ふれあいサロン",
        "あきつふれあいさろん",
        "Akitsu friendship salon",
        K.SALON,
        ["older-people"],
        "秋津地区",
        (36.8221, 138.3489),
        [(TUE, "1,3", "13:30", "15:30")],
        100,
        "社会福祉協議会",
    ),
    (
        "tokiwa-orange",
        "常盤オレンジカフェ",
        "ときわおれんじかふぇ",
        "Tokiwa Orange Café (dementia café)",
        K.CAFE,
        ["older-people", "family-carers"],
        "常盤地区",
        (36.8682, 138.3844),
        [(FRI, "L", "10:00", "12:00")],
        200,
        "地域包括",
    ),
    (
        "mizuho-kayoi",
        "瑞穂いきいき通いの場",
        "みずほいきいきかよいのば",
        "Mizuho lively gathering place",
        K.GATHERING_PLACE,
        ["older-people"],
        "瑞穂地区",
        (36.8830, 138.4190),
        [(MON, "", "10:00", "11:30"), (THU, "", "10:00", "11:30")],
        0,
        "社会福祉協議会",
    ),
    (
        "yanagihara-gakushu",
        "柳原まなびの部屋",
        "やなぎはらまなびのへや",
        "Yanagihara study room",
        K.LEARNING_SUPPORT,
        ["children-youth", "financial-hardship"],
        "柳原地区",
        (36.8378, 138.3383),
        [(TUE, "", "16:00", "18:00"), (THU, "", "16:00", "18:00")],
        0,
        "NPO",
    ),
    (
        "tozama-chiiki",
        "外様地域食堂",
        "とざまちいきしょくどう",
        "Tozama community cafeteria",
        K.COMMUNITY_CAFETERIA,
        ["older-people", "children-youth"],
        "外様地区",
        (36.8108, 138.3120),
        [(SUN, "3", "11:30", "13:30")],
        300,
        "民生",
    ),
    (
        "ota-salon",
        "太田なかよしサロン",
        "おおたなかよしさろん",
        "Ōta friends' salon",
        K.SALON,
        ["older-people"],
        "太田地区",
        (36.8955, 138.4003),
        [(WED, "2", "13:00", "15:00")],
        100,
        "社会福祉協議会",
    ),
    (
        "hikikomori-online",
        "オンライン居場所「そっとつながる」",
        "おんらいんいばしょそっとつながる",
        "Online ibasho “Gently connected”",
        K.ONLINE,
        ["hikikomori", "children-youth"],
        "",
        None,
        [(FRI, "", "20:00", "21:30")],
        0,
        "まいさぽ",
    ),
    (
        "young-carers-cafe",
        "ヤングケアラーのほっとカフェ",
        "やんぐけあらーのほっとかふぇ",
        "Young carers' café",
        K.CAFE,
        ["young-carers", "children-youth"],
        "飯山地区",
        (36.8460, 138.3650),
        [(SAT, "1", "14:00", "16:00")],
        0,
        "NPO",
    ),
    (
        "tabunka-cafe",
        "多文化交流カフェ",
        "たぶんかこうりゅうかふぇ",
        "Multicultural café",
        K.CAFE,
        ["foreign-residents"],
        "飯山地区",
        (36.8432, 138.3598),
        [(SUN, "2", "13:00", "15:00")],
        0,
        "国際",
    ),
    (
        "oyako-hiroba",
        "ひとり親のおしゃべりひろば",
        "ひとりおやのおしゃべりひろば",
        "Single parents' chat corner",
        K.SALON,
        ["single-parents", "women"],
        "木島地区",
        (36.8610, 138.3560),
        [(SAT, "3", "10:00", "12:00")],
        0,
        "NPO",
    ),
    (
        "kaigo-kazoku",
        "介護者のつどい",
        "かいごしゃのつどい",
        "Family carers' circle",
        K.GATHERING_PLACE,
        ["family-carers"],
        "飯山地区",
        (36.8475, 138.3610),
        [(THU, "2", "13:30", "15:00")],
        0,
        "地域包括",
    ),
    (
        "rainbow-online",
        "にじいろオンラインおしゃべり会",
        "にじいろおんらいんおしゃべりかい",
        "Rainbow online chat",
        K.ONLINE,
        ["lgbtq"],
        "",
        None,
        [(SUN, "L", "19:00", "20:30")],
        0,
        "NPO",
    ),
    (
        "shogai-cafe",
        "ともにカフェ",
        "ともにかふぇ",
        "Tomoni café (inclusive café)",
        K.CAFE,
        ["disability"],
        "常盤地区",
        (36.8701, 138.3811),
        [(WED, "1,3", "10:00", "15:00")],
        300,
        "社会福祉法人",
    ),
    (
        "akitsu-kodomo",
        "秋津みんなの子ども食堂",
        "あきつみんなのこどもしょくどう",
        "Akitsu children's cafeteria for all",
        K.CHILDREN_CAFETERIA,
        ["children-youth"],
        "秋津地区",
        (36.8240, 138.3502),
        [(FRI, "2,4", "17:00", "19:00")],
        0,
        "NPO",
    ),
    (
        "mizuho-kodomo",
        "瑞穂こども食堂",
        "みずほこどもしょくどう",
        "Mizuho children's cafeteria",
        K.CHILDREN_CAFETERIA,
        ["children-youth", "single-parents"],
        "瑞穂地区",
        (36.8811, 138.4162),
        [(SAT, "L", "11:00", "13:00")],
        0,
        "民生",
    ),
    (
        "shuro-ibasho",
        "しごと準備の居場所",
        "しごとじゅんびのいばしょ",
        "Getting-ready-for-work space",
        K.OTHER,
        ["hikikomori", "financial-hardship"],
        "飯山地区",
        (36.8452, 138.3642),
        [(MON, "", "13:00", "16:00"), (WED, "", "13:00", "16:00")],
        0,
        "まいさぽ",
    ),
    (
        "tozama-kayoi",
        "外様百歳体操の会",
        "とざまひゃくさいたいそうのかい",
        "Tozama 100-year exercise group",
        K.GATHERING_PLACE,
        ["older-people"],
        "外様地区",
        (36.8120, 138.3150),
        [(TUE, "", "9:30", "10:30")],
        0,
        "社会福祉協議会",
    ),
    (
        "yanagihara-salon",
        "柳原おちゃのみサロン",
        "やなぎはらおちゃのみさろん",
        "Yanagihara tea salon",
        K.SALON,
        ["older-people"],
        "柳原地区",
        (36.8391, 138.3401),
        [(THU, "4", "13:30", "15:30")],
        100,
        "民生",
    ),
    (
        "ota-kodomo",
        "太田こども食堂",
        "おおたこどもしょくどう",
        "Ōta children's cafeteria",
        K.CHILDREN_CAFETERIA,
        ["children-youth"],
        "太田地区",
        (36.8970, 138.3990),
        [(SUN, "1", "11:30", "13:30")],
        0,
        "NPO",
    ),
    (
        "joshi-salon",
        "女性のためのほっとサロン",
        "じょせいのためのほっとさろん",
        "Drop-in salon for women",
        K.SALON,
        ["women"],
        "飯山地区",
        (36.8440, 138.3630),
        [(TUE, "2,4", "10:00", "12:00")],
        0,
        "NPO",
    ),
]

# ja name, en name, operator, kinds of contact, phone lines, hours (ja, en), 24h, anonymous,
# languages, area level, topic slugs, last verified, ja summary, en summary
WINDOWS = [
    (
        "よりそいホットライン",
        "Yorisoi Hotline",
        "一般社団法人 社会的包摂サポートセンター",
        ["phone", "chat"],
        "0120-279-338",
        ("24時間・年中無休", "24 hours, every day"),
        True,
        True,
        "日本語, English, 中文, 한국어, Tagalog, Português, Español, Tiếng Việt",
        "national",
        [
            "consultation",
            "suicide-prevention",
            "financial-hardship",
            "foreign-residents",
            "lgbtq",
            "women",
        ],
        dt.date(2026, 10, 1),
        "どんな悩みでも。外国語・性的マイノリティ・DV専門の回線もあります。",
        "Any worry. Lines for other languages, sexual minorities and domestic violence.",
    ),
    (
        "いのちの電話",
        "Inochi no Denwa (Lifeline)",
        "日本いのちの電話連盟",
        ["phone"],
        "0570-783-556（ナビダイヤル 10:00〜22:00）\n0120-783-556（フリーダイヤル 毎日16:00〜21:00）",
        ("毎日（回線により時間が異なります）", "Every day (hours differ by line)"),
        False,
        True,
        "日本語",
        "national",
        ["suicide-prevention", "consultation"],
        dt.date(2026, 9, 15),
        "死にたいほどつらい気持ちを聴きます。",
        "Listens when you feel you want to die.",
    ),
    (
        "#いのちSOS",
        "#Inochi SOS",
        "NPO法人 自殺対策支援センターライフリンク",
        ["phone"],
        "0120-061-338",
        ("毎日（時間は公式サイトでご確認ください）", "Every day (see the official site for hours)"),
        False,
        True,
        "日本語",
        "national",
        ["suicide-prevention", "consultation"],
        dt.date(2026, 9, 15),
        "「死にたい」「消えたい」と思ったときに。",
        "When you think you want to die or disappear.",
    ),
    (
        "あなたのいばしょチャット相談",
        "Anata no Ibasho chat",
        "NPO法人 あなたのいばしょ",
        ["chat"],
        "",
        ("24時間・年中無休", "24 hours, every day"),
        True,
        True,
        "日本語, English ほか",
        "national",
        ["suicide-prevention", "consultation", "children-youth"],
        dt.date(2026, 8, 20),
        "匿名のチャットで話せます。",
        "Talk anonymously by chat.",
    ),
    (
        "チャイルドライン",
        "Childline",
        "NPO法人 チャイルドライン支援センター",
        ["phone", "chat"],
        "0120-99-7777",
        ("毎日 16:00〜21:00", "Every day 16:00–21:00"),
        False,
        True,
        "日本語",
        "national",
        ["children-youth", "consultation"],
        dt.date(2026, 7, 1),
        "18歳までの子どものための電話。",
        "A line for children up to 18.",
    ),
    (
        "24時間子供SOSダイヤル",
        "24-hour SOS line for children",
        "文部科学省",
        ["phone"],
        "0120-0-78310",
        ("24時間・年中無休", "24 hours, every day"),
        True,
        True,
        "日本語",
        "national",
        ["children-youth", "suicide-prevention", "learning-support", "consultation"],
        dt.date(2026, 7, 1),
        "いじめや学校のこと、子どもも保護者も。",
        "Bullying and school worries, for children and parents.",
    ),
    (
        "児童相談所虐待対応ダイヤル「189」",
        "Child abuse hotline “189”",
        "こども家庭庁",
        ["phone"],
        "189（いちはやく・通話料無料）",
        ("24時間・年中無休", "24 hours, every day"),
        True,
        True,
        "日本語",
        "national",
        # consultation only: a line for abuse, not for every child's worry (school, friends)
        ["consultation"],
        dt.date(2026, 10, 1),
        "家でたたかれる、こわい思いをしている。近くの児童相談所につながります。秘密は守られます。",
        "Hurt or afraid at home? You reach the nearest child guidance centre. It stays secret.",
    ),
    (
        "DV相談＋（プラス）",
        "DV Soudan Plus",
        "内閣府",
        ["phone", "chat", "mail"],
        "0120-279-889",
        (
            "電話・メール 24時間／チャット 12:00〜22:00",
            "Phone and e-mail 24 hours; chat 12:00–22:00",
        ),
        True,
        True,
        "日本語, English, 中文, 한국어 ほか",
        "national",
        ["women", "consultation"],
        dt.date(2026, 6, 1),
        "配偶者や恋人からの暴力について。",
        "Violence from a partner.",
    ),
    (
        "こころの健康相談統一ダイヤル",
        "Mental health line",
        "都道府県・政令指定都市",
        ["phone"],
        "0570-064-556",
        ("都道府県により異なります", "Hours differ by prefecture"),
        False,
        True,
        "日本語",
        "national",
        ["consultation", "suicide-prevention"],
        dt.date(2026, 5, 10),
        "眠れない、気分が落ち込むときに。お住まいの地域の窓口につながります。",
        "When you cannot sleep or feel low; connects to your prefecture.",
    ),
    (
        "法テラス・サポートダイヤル",
        "Houterasu support line",
        "日本司法支援センター",
        ["phone", "mail"],
        "0570-078374",
        ("平日 9:00〜21:00、土曜 9:00〜17:00", "Weekdays 9:00–21:00, Saturday 9:00–17:00"),
        False,
        False,
        "日本語",
        "national",
        ["financial-hardship", "consultation"],
        dt.date(2026, 4, 1),
        "借金や離婚などの法律トラブルの窓口案内。",
        "Where to go with legal trouble such as debts or divorce.",
    ),
    (
        "外国人在留支援センター（FRESC）",
        "Foreign Residents Support Center (FRESC)",
        "出入国在留管理庁",
        ["phone", "visit"],
        "0120-76-2029",
        ("平日 9:00〜17:00", "Weekdays 9:00–17:00"),
        False,
        False,
        "日本語, English, 中文, 한국어, Tiếng Việt ほか",
        "national",
        ["foreign-residents", "consultation"],
        dt.date(2026, 3, 1),
        "在留・仕事・生活の相談を多言語で。",
        "Residence, work and daily life, in many languages.",
    ),
    (
        "生活就労支援センター まいさぽ飯山",
        "Maisapo Iiyama (life and work support)",
        "飯山市社会福祉協議会",
        ["phone", "visit", "mail"],
        "0269-00-1001",
        ("平日 8:30〜17:15", "Weekdays 8:30–17:15"),
        False,
        False,
        "日本語",
        "city",
        ["financial-hardship", "employment", "hikikomori", "food-support"],
        dt.date(2026, 10, 20),
        "お金や仕事の困りごと、ひきこもりの相談。",
        "Money and work trouble, social withdrawal.",
    ),
    (
        "飯山市 子ども家庭相談",
        "Iiyama child and family consultation",
        "飯山市 子育て支援課",
        ["phone", "visit"],
        "0269-00-1002",
        ("平日 8:30〜17:15", "Weekdays 8:30–17:15"),
        False,
        False,
        "日本語",
        "city",
        ["children-youth", "single-parents", "young-carers", "consultation"],
        dt.date(2026, 9, 1),
        "子育て、ひとり親、ヤングケアラーの相談。",
        "Raising children, single parents, young carers.",
    ),
    (
        "飯山市社会福祉協議会 心配ごと相談",
        "Iiyama social welfare council: worry counter",
        "飯山市社会福祉協議会",
        ["phone", "visit"],
        "0269-00-1003",
        ("毎週水曜 13:00〜16:00", "Wednesdays 13:00–16:00"),
        False,
        True,
        "日本語",
        "city",
        ["consultation", "watching-over", "older-people"],
        dt.date(2025, 6, 1),
        "暮らしの心配ごとを民生委員が聴きます。",
        "Welfare commissioners listen to everyday worries.",
    ),
    (
        "飯山市 地域包括支援センター",
        "Iiyama community general support centre",
        "飯山市",
        ["phone", "visit"],
        "0269-00-1004",
        ("平日 8:30〜17:15", "Weekdays 8:30–17:15"),
        False,
        False,
        "日本語",
        "city",
        ["older-people", "family-carers", "watching-over"],
        dt.date(2026, 2, 1),
        "高齢の方と介護する家族の相談。",
        "Older people and the families who care for them.",
    ),
    (
        "北信地域 ひきこもり相談",
        "Hokushin hikikomori consultation",
        "北信保健福祉事務所（架空）",
        ["phone", "mail"],
        "0269-00-1005",
        ("平日 9:00〜16:00", "Weekdays 9:00–16:00"),
        False,
        True,
        "日本語",
        "prefecture",
        ["hikikomori", "consultation"],
        dt.date(2025, 5, 1),
        "本人も家族も相談できます。",
        "For the person and for their family.",
    ),
    (
        "飯山市 女性相談",
        "Iiyama women's consultation",
        "飯山市 人権政策課",
        ["phone", "visit"],
        "0269-00-1006",
        ("平日 9:00〜16:00", "Weekdays 9:00–16:00"),
        False,
        True,
        "日本語",
        "city",
        ["women", "single-parents", "consultation"],
        dt.date(2026, 1, 15),
        "暴力、離婚、生活の悩み。",
        "Violence, divorce, everyday worries.",
    ),
    (
        "フードバンク飯山 食の相談",
        "Food Bank Iiyama",
        "フードバンク飯山（架空）",
        ["phone", "visit"],
        "0269-00-1007",
        ("月・水・金 10:00〜15:00", "Mon, Wed, Fri 10:00–15:00"),
        False,
        False,
        "日本語",
        "city",
        ["food-support", "financial-hardship"],
        dt.date(2026, 8, 1),
        "食べるものに困ったときに。",
        "When you have nothing to eat.",
    ),
    (
        "飯山市 スクールカウンセラー（学校の相談室）",
        "Iiyama school counsellors",
        "飯山市教育委員会",
        ["phone", "visit"],
        "0269-00-1008（教育委員会）",
        (
            "学校のある日 8:30〜16:30（学校により異なります）",
            "School days 8:30–16:30 (differs by school)",
        ),
        False,
        False,
        "日本語",
        "city",
        ["children-youth", "consultation", "learning-support"],
        dt.date(2026, 9, 1),
        "学校のこと、友だちのこと、家のこと。学校の相談室で話せます。",
        "School, friends, home: talk in your school's counselling room.",
    ),
]

# slug, ja, en, topic slugs, urgent
WORRIES = [
    (
        "want-to-die",
        "死にたい・消えたい",
        "I want to die or disappear",
        ["suicide-prevention"],
        True,
    ),
    ("violence", "暴力をふるわれている", "Someone is hurting me", ["women", "consultation"], True),
    # Sleeplessness is the sign suicide prevention asks people to notice (睡眠キャンペーン).
    (
        "cannot-sleep",
        "眠れない",
        "I cannot sleep",
        ["consultation", "suicide-prevention"],
        False,
    ),
    (
        "money",
        "お金のことで困っている",
        "I am in trouble with money",
        ["financial-hardship"],
        False,
    ),
    (
        "no-food",
        "食べるものがない",
        "I have nothing to eat",
        ["food-support", "financial-hardship"],
        False,
    ),
    (
        "family",
        "家族のことで悩んでいる",
        "I am worried about my family",
        # not family-carers: 「介護に疲れた」 is the carers' worry, and a carer may use the
        # windows only for carers (cms.navigator.ranking.Person)
        ["single-parents", "consultation"],
        False,
    ),
    (
        "lonely",
        "ひとりぼっちでさみしい",
        "I feel lonely",
        ["ibasho", "watching-over", "older-people"],
        False,
    ),
    (
        "school",
        "学校に行きづらい",
        "It is hard to go to school",
        ["children-youth", "learning-support"],
        False,
    ),
    ("work", "仕事が見つからない", "I cannot find work", ["employment"], False),
    ("caring", "介護に疲れた", "I am worn out by caring", ["family-carers", "older-people"], False),
    (
        "young-carer",
        "家族の世話で自分の時間がない",
        "Caring for my family leaves me no time",
        ["young-carers"],
        False,
    ),
    ("cannot-go-out", "家から出られない", "I cannot leave the house", ["hikikomori"], False),
    (
        "language",
        "日本語で相談するのが不安",
        "I worry about asking in Japanese",
        ["foreign-residents"],
        False,
    ),
    (
        "identity",
        "性のことで悩んでいる",
        "I am troubled about my sexuality or gender",
        ["lgbtq"],
        False,
    ),
]


# Other words people type for each worry (ja, en), for the site's search (issue 21): kana and
# kanji, plain and polite, the words of the national lines' own pages.
KEYWORDS = {
    "want-to-die": (
        "死にたい, しにたい, 消えたい, きえたい, 自殺, 生きるのがつらい, 生きるのが辛い, 死にたい気持ち",
        "want to die, suicide, suicidal, disappear, end my life, kill myself",
    ),
    "violence": (
        "暴力, 殴られる, なぐられる, たたかれる, 叩かれる, 虐待, ぎゃくたい, DV, ドメスティック・バイオレンス",
        "violence, abuse, hit, hurt, domestic violence, DV",
    ),
    "cannot-sleep": (
        "眠れない, ねむれない, 不眠, 寝れない, ねれない",
        "sleep, insomnia, sleepless",
    ),
    "money": (
        "お金がない, おかねがない, お金に困る, 借金, しゃっきん, 生活が苦しい, 家賃が払えない",
        "money, debt, cannot pay, rent, poverty",
    ),
    "no-food": (
        "食べ物がない, 食料, ごはんがない, 空腹, おなかがすいた",
        "food, hungry, nothing to eat",
    ),
    "family": ("家族, かぞく, 親, 子育て, 夫婦, 離婚", "family, parents, child raising, divorce"),
    "lonely": (
        "寂しい, さみしい, さびしい, 淋しい, 孤独, こどく, 孤立, ひとりぼっち, 話し相手がいない",
        "lonely, loneliness, alone, isolated, no one to talk to",
    ),
    "school": ("不登校, ふとうこう, いじめ, 学校, がっこう", "school, bullying, truancy"),
    "work": ("仕事, しごと, 失業, 就職, 働けない", "work, job, unemployed"),
    "caring": ("介護, かいご, 介護疲れ", "caring, carer, care for a parent"),
    "young-carer": ("ヤングケアラー, 家族の世話", "young carer"),
    "cannot-go-out": (
        "ひきこもり, 引きこもり, 外に出られない",
        "hikikomori, withdrawn, stay at home",
    ),
    "language": ("日本語がわからない, 外国人, 通訳", "Japanese, interpreter, foreigner, language"),
    "identity": ("LGBT, LGBTQ, 性的マイノリティ, 同性愛", "LGBT, LGBTQ, gender, sexuality"),
}


def _time(text):
    return dt.datetime.strptime(text, "%H:%M").time()


def _label(kind, language):
    with translation.override(language):
        return str(IbashoPage.Kind(kind).label)


def _topics(locale, slugs, kind=None):
    topics = Topic.objects.filter(locale=locale, slug__in=slugs)
    return list(topics.filter(kind=kind) if kind else topics)


def _organisation(hint, locale):
    """A member organisation whose name contains the hint, if the directory has one."""
    return (
        MemberOrganisationPage.objects.live()
        .filter(locale=locale, title__contains=hint)
        .order_by("pk")
        .first()
    )


INDEX_PAGE = IndexPage(
    IbashoIndexPage,
    "ibasho",
    ja={
        "title": "居場所をさがす",
        "intro": "気軽に立ち寄れるサロン、カフェ、子ども食堂、通いの場。地区や曜日でさがせます。",
        "show_in_menus": True,
    },
    en={
        "title": "Find an ibasho",
        "intro": "Salons, cafés, children's cafeterias and gathering places you can drop in on.",
        "show_in_menus": True,
    },
)


def _load_ibasho(home, ja, en):
    index = INDEX_PAGE.upsert(home)
    for order, spec in enumerate(IBASHO):
        slug, name, kana, name_en, kind, groups, area, position, rules, fee, hint = spec
        if IbashoPage.objects.child_of(index).filter(slug=slug).exists():
            continue
        number = f"0269-00-{2001 + order}"
        page = IbashoPage(
            slug=slug,
            locale=ja,
            title=name,
            name_kana=kana,
            kind=kind,
            summary=f"{area or 'オンライン'}の{_label(kind, 'ja')}。どなたでも気軽にどうぞ。",
            area=area,
            address=f"長野県飯山市 {area}（会場の詳細はお問い合わせください）" if area else "",
            latitude=Decimal(str(position[0])) if position else None,
            longitude=Decimal(str(position[1])) if position else None,
            is_free=fee == 0,
            fee=fee or None,
            fee_note="" if fee == 0 else "材料費として",
            booking_required=kind == K.ONLINE,
            wheelchair_accessible=order % 3 == 0,
            step_free=order % 2 == 0,
            parking=bool(area),
            sign_language=order % 7 == 0,
            languages="日本語, English" if "foreign-residents" in groups else "日本語",
            contact_phone=number,
            organisation=_organisation(hint, ja),
        )
        page.target_groups = _topics(ja, groups)
        page.schedule_rules = [
            IbashoScheduleRule(
                weekday=weekday, weeks=weeks, start_time=_time(start), end_time=_time(end)
            )
            for weekday, weeks, start, end in rules
        ]
        # One extra summer date and one cancelled New Year date where that fits the schedule.
        if kind == K.CHILDREN_CAFETERIA:
            page.extra_dates = [
                IbashoExtraDate(
                    date=dt.date(2027, 8, 5), start_time=_time("11:00"), end_time=_time("13:00")
                )
            ]
        page.cancelled_dates = [IbashoCancelledDate(date=dt.date(2026, 12, 30), reason="年末休み")]
        index.add_child(instance=page)
        page.save_revision().publish()

        english = page.copy_for_translation(en, copy_parents=True)
        english.title = name_en
        english.summary = f"{_label(kind, 'en')}. Everyone is welcome."
        english.address = f"{area}, Iiyama, Nagano" if area else ""
        english.target_groups = _topics(en, groups)
        english.save_revision().publish()
    return index


def _load_windows(platform, ja, en, windows=WINDOWS):
    """The windows of a platform (WINDOWS: the demo's default one); the national lines are
    nationwide, shown on every platform of the installation."""
    for order, spec in enumerate(windows):
        (name, name_en, operator, channels, phones, hours, is_24h, anonymous, languages,
         level, topics, verified, summary, summary_en) = spec  # fmt: skip
        common = {
            "operator": operator,
            "phone_numbers": phones,
            "is_24h": is_24h,
            "is_free": True,
            "anonymous_ok": anonymous,
            "languages": languages,
            "platform": platform,
            "nationwide": level == "national",
            "area_level": level,
            "area_name": {"national": "", "prefecture": "長野県", "city": "飯山市"}[level],
            "last_verified": verified,
            "sort_order": order,
            "closed_on_holidays": name in demo_hours.CLOSED_ON_HOLIDAYS,
            **reach(name),
            **{
                f"by_{channel}": channel in channels
                for channel in ("phone", "line", "chat", "mail", "visit")
            },
        }
        window, _ = ConsultationWindow.objects.update_or_create(
            locale=ja,
            platform=platform,
            name=name,
            defaults={**common, "hours": hours[0], "summary": summary},
        )
        window.topics = _topics(ja, topics, Topic.Kind.FIELD)
        window.target_groups = _topics(ja, topics, Topic.Kind.GROUP)
        window.opening_hours = demo_hours.rows(name)
        window.save()
        english = window.get_translation_or_none(en) or window.copy_for_translation(en)
        for field, value in common.items():
            setattr(english, field, value)
        english.name = name_en
        english.hours = hours[1]
        english.summary = summary_en
        english.topics = _topics(en, topics, Topic.Kind.FIELD)
        english.target_groups = _topics(en, topics, Topic.Kind.GROUP)
        english.opening_hours = demo_hours.rows(name)
        english.save()


def _load_worries(platform, ja, en):
    worries = Worry.objects.filter(platform=platform)
    for order, (slug, phrase, phrase_en, topics, urgent) in enumerate(WORRIES):
        for locale, text in ((ja, phrase), (en, phrase_en)):
            source = worries.filter(locale=ja, slug=slug).first()
            worry = worries.filter(locale=locale, slug=slug).first()
            if worry is None:
                worry = (
                    source.copy_for_translation(locale)
                    if source
                    else Worry(locale=locale, platform=platform)
                )
            worry.slug = slug
            worry.phrase = text
            worry.keywords = KEYWORDS.get(slug, ("", ""))[0 if locale == ja else 1]
            worry.is_urgent = urgent
            worry.sort_order = order
            worry.topics = _topics(locale, topics)
            worry.save()


def load(command):
    home = ensure_site()
    ja = Locale.objects.get(language_code="ja")
    en = Locale.objects.get(language_code="en")
    ibasho_photos.load(_load_ibasho(home, ja, en), en)
    platform = platforms.of_site(home.get_site()) or platforms.default()
    _load_windows(platform, ja, en)
    _load_worries(platform, ja, en)
    demo_languages.load(command, platform)
    _load_nagano(ja, en)
    command.stdout.write(
        f"  navigator: {len(IBASHO)} ibasho, {len(WINDOWS)} consultation windows, "
        f"{len(WORRIES)} worries (ja, en)"
    )


def _load_nagano(ja, en):
    """長野県's own windows and its navigator's worries (cms.home's demo makes its platform)."""
    from cms.home.demo import nagano

    platform = nagano()
    if platform is None:
        return
    _load_windows(platform, ja, en, NAGANO_WINDOWS)
    _load_worries(platform, ja, en)
