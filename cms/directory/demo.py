"""Demo content of the directory: the member organisations of the 飯山市 platform, modelled on
its case report (seeds/004: 社協, まいさぽ飯山, 民生児童委員, NPOs, volunteer groups) and on the
tiers that Gifu uses (幹事団体 / 一般団体 / アドバイザー / オブザーバー). Organisations, addresses
and numbers are illustrative; no real person is named."""

import datetime

from wagtail.models import Locale, Site

from cms.core import platform as platforms
from cms.core.demo_helpers import IndexPage, upsert_child, upsert_translation
from cms.core.models import Topic
from cms.directory.members.services import member_workflow
from cms.directory.models import (
    MemberOrganisationIndexPage,
    MemberOrganisationPage,
    Membership,
    MembershipTier,
)

TIERS = [
    ("幹事団体", "プラットフォームの運営を事務局とともに担う団体"),
    ("一般団体", "情報共有と連携に参加する団体"),
    ("アドバイザー", "専門的な知見で助言する団体・機関"),
    ("オブザーバー", "会議に陪席し情報を受け取る団体・機関"),
]

T = MemberOrganisationPage.OrganisationType
S = Membership.Status

# slug, name, kana, type, topics, area, tier, status, member since, summary, strengths, activities
MEMBERS = [
    (
        "iiyama-shakyo",
        "飯山市社会福祉協議会",
        "いいやまししゃかいふくしきょうぎかい",
        T.SOCIAL_WELFARE_COUNCIL,
        ["older-people", "financial-hardship", "watching-over", "consultation", "ibasho"],
        "飯山市全域",
        "幹事団体",
        S.ACTIVE,
        datetime.date(2023, 6, 1),
        "地域福祉の中心として、集落サロンやボランティア活動を支えています。",
        "地区ごとの住民とのつながり、ボランティアのコーディネート",
        "<ul><li>集落サロンの立ち上げと運営支援</li><li>生活福祉資金の貸付と相談</li>"
        "<li>ボランティアセンターの運営</li></ul>",
    ),
    (
        "maisapo-iiyama",
        "まいさぽ飯山（生活就労支援センター）",
        "まいさぽいいやま",
        T.SOCIAL_WELFARE_COUNCIL,
        ["financial-hardship", "hikikomori", "employment", "consultation"],
        "飯山市全域",
        "幹事団体",
        S.ACTIVE,
        datetime.date(2023, 6, 1),
        "生活や仕事の困りごとの相談を受け、就労に向けた支援を一緒に考えます。",
        "ひきこもりの方への就労準備支援、家計相談",
        "<p>市・社会福祉協議会と連携し、ひきこもりの方に向けた就労支援を行っています。</p>",
    ),
    (
        "minsei-jido-iin",
        "飯山市民生児童委員協議会",
        "いいやましみんせいじどういいんきょうぎかい",
        T.WELFARE_COMMISSIONERS,
        ["older-people", "children-youth", "watching-over"],
        "飯山市全域（10地区）",
        "幹事団体",
        S.ACTIVE,
        datetime.date(2023, 6, 1),
        "地域の身近な相談相手として、見守りと行政・専門機関へのつなぎを担います。",
        "一人暮らしの高齢者の見守り、地区ごとの顔の見える関係",
        "<p>定例の訪問と地区の会議で、気になる方の情報を必要な支援につなげています。</p>",
    ),
    (
        "iiyama-city-welfare",
        "飯山市 民生部保健福祉課",
        "いいやまし みんせいぶほけんふくしか",
        T.GOVERNMENT,
        ["suicide-prevention", "consultation"],
        "飯山市全域",
        "幹事団体",
        S.ACTIVE,
        datetime.date(2023, 6, 1),
        "プラットフォームの事務局です。総合相談窓口と自殺対策を担当しています。",
        "制度ごとの相談支援機関のコーディネート",
        "<p>「いのちつなぐ飯山市自殺対策計画」にもとづき、若年者相談窓口と訪問支援を進めています。"
        "</p>",
    ),
    (
        "chiiki-houkatsu",
        "飯山市地域包括支援センター",
        "いいやましちいきほうかつしえんせんたー",
        T.GOVERNMENT,
        ["older-people", "family-carers", "consultation"],
        "飯山市全域",
        "一般団体",
        S.ACTIVE,
        datetime.date(2023, 9, 1),
        "高齢の方とご家族の介護・健康・暮らしの相談窓口です。",
        "介護する家族の相談、オレンジカフェの運営",
        "<p>認知症の方とご家族が集うオレンジカフェを定期的に開いています。</p>",
    ),
    (
        "npo-wakamono",
        "NPO法人 北信若者サポートネット",
        "ほくしんわかものさぽーとねっと",
        T.NPO,
        ["children-youth", "hikikomori", "learning-support", "employment"],
        "北信地域",
        "一般団体",
        S.ACTIVE,
        datetime.date(2023, 9, 1),
        "学校や社会になじめない若者とその家族を、学習と居場所と就労準備で支えます。",
        "不登校・ひきこもりの若者への学習支援と訪問支援",
        "<ul><li>小・中学生の学習支援と居場所</li><li>高校生世代の学習・生活支援</li>"
        "<li>若者の就労準備支援</li></ul>",
    ),
    (
        "food-bank",
        "NPO法人 フードバンク北信州",
        "ふーどばんくきたしんしゅう",
        T.NPO,
        ["food-support", "financial-hardship", "single-parents"],
        "飯山市・中野市・木島平村",
        "一般団体",
        S.ACTIVE,
        datetime.date(2024, 4, 1),
        "家庭や企業で余った食品を集め、必要とする家庭や子ども食堂に届けています。",
        "フードドライブの運営、食品の保管と配送",
        "<p>「だれでも食堂」のフードドライブで集まった食品の配布を担当しました。</p>",
    ),
    (
        "kodomo-shokudo",
        "いいやま子ども食堂の会",
        "いいやまこどもしょくどうのかい",
        T.VOLUNTARY_GROUP,
        ["children-youth", "food-support", "ibasho"],
        "飯山市中心部",
        "一般団体",
        S.ACTIVE,
        datetime.date(2024, 4, 1),
        "子どもも大人もいっしょにごはんを食べる、月2回の食堂を開いています。",
        "調理ボランティアのネットワーク",
        "<p>市内でまだ少ない子ども食堂を、地域のみんなで育てています。</p>",
    ),
    (
        "yukiguni-salon",
        "雪国サロンの会",
        "ゆきぐにさろんのかい",
        T.VOLUNTARY_GROUP,
        ["older-people", "ibasho", "watching-over"],
        "飯山市 瑞穂地区",
        "一般団体",
        S.PAUSED,
        datetime.date(2024, 1, 15),
        "雪の季節に家にこもりがちな高齢の方が集まるサロンです。",
        "豪雪地帯での冬の見守りと送迎",
        "<p>冬の間、公民館で週1回のお茶会を開いています。</p>",
    ),
    (
        "rainbow-shinshu",
        "一般社団法人 にじいろ信州",
        "にじいろしんしゅう",
        T.GENERAL_ASSOCIATION,
        ["lgbtq", "consultation", "ibasho"],
        "長野県北部",
        "アドバイザー",
        S.ACTIVE,
        datetime.date(2024, 10, 1),
        "性の多様性に関する相談と、安心して話せる交流会を行っています。",
        "LGBTQ当事者の相談、研修講師の派遣",
        "<p>オンラインと対面の交流会を毎月開いています。</p>",
    ),
    (
        "tabunka",
        "飯山多文化共生の会",
        "いいやまたぶんかきょうせいのかい",
        T.VOLUNTARY_GROUP,
        ["foreign-residents", "learning-support", "consultation"],
        "飯山市全域",
        "一般団体",
        S.ACTIVE,
        datetime.date(2024, 10, 1),
        "外国から来た住民の日本語学習と生活の相談を手伝っています。",
        "やさしい日本語、通訳ボランティア",
        "<p>毎週土曜日に日本語教室を開いています。</p>",
    ),
    (
        "carers-cafe",
        "介護者のつどい ひだまり",
        "かいごしゃのつどい ひだまり",
        T.VOLUNTARY_GROUP,
        ["family-carers", "young-carers", "ibasho"],
        "飯山市全域",
        "一般団体",
        S.ACTIVE,
        datetime.date(2025, 4, 1),
        "家族を介護する人どうしが、気持ちを話せる集まりです。",
        "介護経験者による傾聴、ヤングケアラーの居場所",
        "<p>月1回、介護する家族のためのつどいを開いています。</p>",
    ),
    (
        "shinkin",
        "北信州信用金庫",
        "きたしんしゅうしんようきんこ",
        T.COMPANY,
        ["watching-over", "financial-hardship"],
        "北信地域",
        "オブザーバー",
        S.ACTIVE,
        datetime.date(2025, 4, 1),
        "窓口や訪問での気づきを、地域の見守りにつなげています。",
        "店舗網と訪問で地域のようすを知っていること",
        "<p>職員がつながりサポーター養成講座を受講しています。</p>",
    ),
    (
        "supermarket",
        "株式会社 ゆきまちマート",
        "ゆきまちまーと",
        T.COMPANY,
        ["food-support", "older-people", "watching-over"],
        "飯山市・栄村",
        "一般団体",
        S.ACTIVE,
        datetime.date(2025, 7, 1),
        "移動販売で山間の集落をまわり、買い物と見守りを届けています。",
        "移動販売車による集落の見守り、フードドライブの回収拠点",
        "<p>店舗にフードドライブの回収箱を置いています。</p>",
    ),
    (
        "inochi-no-denwa",
        "NPO法人 こころの相談ながの",
        "こころのそうだんながの",
        T.NPO,
        ["suicide-prevention", "consultation", "women"],
        "長野県全域",
        "アドバイザー",
        S.ACTIVE,
        datetime.date(2025, 7, 1),
        "電話とSNSで、つらい気持ちを抱える方の話を聴いています。",
        "電話・SNS相談、相談員の養成",
        "<p>夜間の電話相談と、SNSでのチャット相談を行っています。</p>",
    ),
]

INDEX_PAGE = IndexPage(
    MemberOrganisationIndexPage,
    "members",
    ja={
        "title": "参画団体",
        "intro": "プラットフォームに参画している団体を五十音順で紹介します。",
        "show_in_menus": True,
    },
    en={
        "title": "Member organisations",
        "intro": "The organisations that make up the platform, in Japanese syllabary order.",
        "show_in_menus": True,
    },
    # its members' edits go to this platform's secretariat
    prepare=member_workflow,
)

# slug: (title, summary, strengths, activities)
EN_MEMBERS = {
    "iiyama-shakyo": (
        "Iiyama City Social Welfare Council",
        "At the centre of local welfare, supporting village salons and volunteering.",
        "Ties with residents in every district; coordinating volunteers",
        "<ul><li>Starting and running village salons</li><li>Welfare loans and advice</li>"
        "<li>The volunteer centre</li></ul>",
    ),
    "maisapo-iiyama": (
        "Maisapo Iiyama (Livelihood and Employment Support Centre)",
        "Advice on money and work, and support on the way to a job.",
        "Employment preparation for people in social withdrawal; household budget advice",
        "<p>Works with the city and the social welfare council on employment support for "
        "people in social withdrawal.</p>",
    ),
    "minsei-jido-iin": (
        "Iiyama City Council of Welfare Commissioners",
        "Neighbours to talk to, who watch over and connect residents with the right help.",
        "Watching over older people living alone; knowing every district",
        "<p>Regular visits and district meetings connect people of concern with support.</p>",
    ),
    "npo-wakamono": (
        "Hokushin Youth Support Net (NPO)",
        "Learning, a place to belong and work preparation for young people and families.",
        "Learning support and home visits for young people out of school or withdrawn",
        "<ul><li>Learning support and a place to belong for pupils</li>"
        "<li>Support for high-school-age youth</li><li>Work preparation</li></ul>",
    ),
    "food-bank": (
        "Food Bank Kita-Shinshu (NPO)",
        "Collects surplus food and brings it to families and children's dining places.",
        "Running food drives; storing and delivering food",
        "<p>Distributed the food collected at the daredemo shokudō food drive.</p>",
    ),
}


def load(command):
    load_members(command)


def load_members(command):
    ja = Locale.objects.get(language_code="ja")
    en = Locale.objects.get(language_code="en")
    site = Site.objects.get(is_default_site=True)
    tiers = {}
    for order, (name, description) in enumerate(TIERS):
        tiers[name], _ = MembershipTier.objects.update_or_create(
            platform=platforms.of_site(site),
            name=name,
            defaults={"description": description, "sort_order": order},
        )
    topics = {t.slug: t for t in Topic.objects.filter(locale=ja)}

    home = site.root_page.specific
    index = INDEX_PAGE.upsert(home)

    for (
        slug,
        name,
        kana,
        kind,
        topic_slugs,
        area,
        tier,
        status,
        since,
        summary,
        strengths,
        activities,
    ) in MEMBERS:
        fields = {
            "title": name,
            "name_kana": kana,
            "organisation_type": kind,
            "area": area,
            "summary": summary,
            "strengths": strengths,
            "activities": activities,
            "member_since": since,
            "website": f"https://{slug}.example.jp/",
            "email": f"info@{slug}.example.jp",
        }
        page = upsert_child(index, MemberOrganisationPage, slug, **fields)
        Membership.objects.update_or_create(
            page=page,
            defaults={
                "tier": tiers[tier],
                "status": status,
                "last_confirmed_on": datetime.date(2026, 4, 1),
            },
        )
        wanted = {topics[s].pk for s in topic_slugs}
        if {t.pk for t in page.topics.all()} != wanted:
            page.topics.set(wanted)
            page.save_revision().publish()
        if slug in EN_MEMBERS:
            title, summary, strengths, activities = EN_MEMBERS[slug]
            upsert_translation(
                page,
                en,
                **{
                    **fields,
                    "title": title,
                    "summary": summary,
                    "strengths": strengths,
                    "activities": activities,
                },
            )
    command.stdout.write(
        f"  directory: {len(TIERS)} membership tiers, {len(MEMBERS)} member organisations "
        f"({len(EN_MEMBERS)} in English)"
    )
