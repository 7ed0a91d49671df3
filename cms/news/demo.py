"""Demo content: the news of the 飯山市 platform, drawn from its case report (seeds/004):
the kick-off event, だれでも食堂, the loneliness survey, supporter calls, a food drive."""

import datetime
import io

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, PageViewRestriction, Site

from cms.core import platform as platforms
from cms.core.demo_helpers import IndexPage, upsert_child, upsert_translation
from cms.directory.members.services import members_group
from cms.news.models import NewsCategory, NewsIndexPage, NewsPage

# (slug, order, Japanese, English)
CATEGORIES = [
    ("notice", 0, "お知らせ", "Notices"),
    ("event-report", 1, "イベント報告", "Event reports"),
    ("call", 2, "募集", "Calls for participation"),
    ("media", 3, "メディア掲載", "In the media"),
]


def _paragraph(html):
    return {"type": "paragraph", "value": html}


# slug, date, category, tags, image, ja (title, summary, body), en (or None)
NEWS = [
    (
        "kickoff-event",
        datetime.date(2026, 2, 14),
        "event-report",
        ["シンポジウム", "居場所"],
        "kickoff",
        (
            "キックオフイベントを開催しました",
            "「みんながつながり、支え合う地域の居場所づくりを目指して」をテーマに、"
            "実態調査の報告、基調講演、パネルディスカッションを行いました。",
            [
                {"type": "heading", "value": "当日のようす"},
                _paragraph(
                    "<p>市内外から多くの方にご参加いただきました。孤独・孤立に関する実態調査の報告の"
                    "あと、地域で活動する3名によるパネルディスカッションを行いました。</p>"
                ),
                {
                    "type": "quote",
                    "value": {
                        "text": "近所と顔の見える関係があるからこそ、声をかけにくいこともある。",
                        "attribution": "パネルディスカッションより",
                    },
                },
            ],
        ),
        (
            "Report: the platform's kick-off event",
            "Under the theme “Places to belong where everyone is connected”, we presented the "
            "survey on loneliness, heard a keynote and held a panel discussion.",
            [
                {"type": "heading", "value": "On the day"},
                _paragraph(
                    "<p>Many people from the city and beyond took part. After the survey report, "
                    "three people active in local groups discussed their work.</p>"
                ),
            ],
        ),
    ),
    (
        "daredemo-shokudo-first",
        datetime.date(2026, 3, 8),
        "event-report",
        ["だれでも食堂", "食支援", "居場所"],
        "shokudo",
        (
            "「だれでも食堂」を初めて開きました",
            "子どもからご年配の方まで誰もがふらっと立ち寄れる食堂を開催し、用意したお弁当"
            "100食はすべてお届けできました。",
            [
                _paragraph(
                    "<p>フードドライブでお寄せいただいた未使用の食品も、必要な方にお配りしました。"
                    "ご協力いただいた団体・ボランティアの皆さま、ありがとうございました。</p>"
                ),
            ],
        ),
        (
            "The first “daredemo shokudō” community dining",
            "We opened a dining place where anyone, young or old, can drop in; all 100 "
            "lunch boxes found someone.",
            [
                _paragraph(
                    "<p>Unused food donated through the food drive also went to people who "
                    "needed it. Thank you to every group and volunteer who helped.</p>"
                ),
            ],
        ),
    ),
    (
        "survey-results",
        datetime.date(2026, 1, 20),
        "notice",
        ["調査"],
        None,
        (
            "孤独・孤立に関する市民アンケートの結果を公表します",
            "18歳以上の市民1,500名を対象に、10地区の人口に合わせて実施した調査の結果です。",
            [
                _paragraph(
                    "<p>「近所の人と顔の見える関係が築きやすい」という飯山市の特徴を、よいと思う方"
                    "より、よく思っていない方のほうが孤独を感じやすいという傾向が見られました。</p>"
                ),
            ],
        ),
        (
            "Results of the residents' survey on loneliness and isolation",
            "The survey asked 1,500 residents aged 18 and over, in proportion to the "
            "population of the city's ten districts.",
            [
                _paragraph(
                    "<p>People who do not welcome the close, face-to-face neighbourhood ties "
                    "typical of Iiyama were more likely to feel lonely than those who do.</p>"
                ),
            ],
        ),
    ),
    (
        "supporters-wanted",
        datetime.date(2026, 4, 1),
        "call",
        ["つながりサポーター", "ボランティア"],
        None,
        (
            "つながりサポーター養成講座の受講者を募集します",
            "身近な人の変化に気づき、そっと支援につなぐ「つながりサポーター」を養成します。",
            [
                _paragraph(
                    "<p>全3回の講座です。特別な資格は必要ありません。市内在住・在勤の方ならどなたでも"
                    "受講できます。</p>"
                ),
            ],
        ),
        None,
    ),
    (
        "food-drive-spring",
        datetime.date(2026, 4, 18),
        "call",
        ["フードドライブ", "食支援"],
        "fooddrive",
        (
            "春のフードドライブにご協力ください",
            "ご家庭で余っている食品をお寄せください。子ども食堂や生活にお困りの方にお届けします。",
            [
                _paragraph(
                    "<p>賞味期限が2か月以上ある、未開封の常温保存できる食品をお受けします。"
                    "お米、缶詰、レトルト食品、乾麺などをお願いします。</p>"
                ),
            ],
        ),
        (
            "Spring food drive: please donate",
            "Bring food you do not need; it goes to children's dining places and households "
            "in hardship.",
            [
                _paragraph(
                    "<p>We accept unopened food that keeps at room temperature and is good for "
                    "at least two more months: rice, tins, ready meals, dried noodles.</p>"
                ),
            ],
        ),
    ),
    (
        "orange-cafe-reopens",
        datetime.date(2026, 5, 10),
        "notice",
        ["オレンジカフェ", "高齢者", "居場所"],
        None,
        (
            "オレンジカフェの開催日が増えました",
            "認知症の方やご家族、地域の方が気軽に集えるオレンジカフェを、毎月2回開催します。",
            [_paragraph("<p>予約は不要です。お茶を飲みながら、ゆっくりお話ししませんか。</p>")],
        ),
        None,
    ),
    (
        "young-people-window",
        datetime.date(2026, 6, 2),
        "notice",
        ["相談", "若者"],
        None,
        (
            "若い世代のための相談窓口のご案内",
            "学校や仕事、家族のことなど、若い世代の悩みを専門の相談員がお聞きします。",
            [
                _paragraph(
                    "<p>電話のほか、ご希望によりご自宅への訪問もできます。相談は無料で、秘密は"
                    "守られます。</p>"
                ),
            ],
        ),
        (
            "A consultation window for young people",
            "Trained counsellors listen to young people's worries about school, work or family.",
            [
                _paragraph("<p>Call us, or ask for a home visit. It is free and confidential.</p>"),
            ],
        ),
    ),
    (
        "shinano-mainichi",
        datetime.date(2026, 6, 20),
        "media",
        ["だれでも食堂"],
        None,
        (
            "地元紙で「だれでも食堂」が紹介されました",
            "プラットフォームのメイン事業「だれでも食堂」の取り組みが、地元紙に掲載されました。",
            [_paragraph("<p>参画団体が順番に企画を担う仕組みが取り上げられました。</p>")],
        ),
        None,
    ),
    (
        "members-meeting",
        datetime.date(2026, 7, 5),
        "notice",
        ["参画団体"],
        None,
        (
            "参画団体連絡会を開催しました",
            "行政、社会福祉協議会、民生児童委員、NPOなどが集まり、事例を共有しました。",
            [
                _paragraph(
                    "<p>8050問題など、多様なケースの早期発見に向けた連携について話し合いました。"
                    "</p>"
                ),
            ],
        ),
        None,
    ),
    (
        "new-members-wanted",
        datetime.date(2026, 8, 1),
        "call",
        ["参画団体"],
        None,
        (
            "プラットフォームに参画する団体を募集しています",
            "福祉に限らず、地域で活動する幅広い団体・企業の参画をお待ちしています。",
            [
                _paragraph(
                    "<p>「だれでも食堂」の企画や情報共有に加わっていただける団体を募集しています。"
                    "</p>"
                ),
            ],
        ),
        (
            "Organisations wanted: join the platform",
            "Local groups and companies of every kind, not only welfare, are welcome.",
            [
                _paragraph(
                    "<p>Join the planning of daredemo shokudō and the sharing of information "
                    "between members.</p>"
                ),
            ],
        ),
    ),
]

# title, background colour, accent colour, alt text ja, alt text en
IMAGES = {
    "kickoff": (
        "demo: キックオフイベント",
        (46, 107, 79),
        (240, 200, 90),
        "会場に並んだ椅子と演台のイラスト",
        "Drawing of a stage and rows of chairs",
    ),
    "shokudo": (
        "demo: だれでも食堂",
        (196, 98, 45),
        (255, 236, 200),
        "テーブルを囲む人たちのイラスト",
        "Drawing of people around a table",
    ),
    "fooddrive": (
        "demo: フードドライブ",
        (40, 90, 150),
        (250, 250, 250),
        "食品の入った箱のイラスト",
        "Drawing of a box filled with food",
    ),
}


def _demo_image(key):
    """A small generated picture, made once: the demo needs no files from outside."""
    title, background, accent, _alt_ja, _alt_en = IMAGES[key]
    Image = get_image_model()
    image = Image.objects.filter(title=title).first()
    if image is not None:
        return image
    picture = PILImage.new("RGB", (1200, 675), background)
    draw = ImageDraw.Draw(picture)
    for i in range(5):
        x = 160 + i * 220
        draw.ellipse((x - 70, 260, x + 70, 400), fill=accent)
        draw.rectangle((x - 90, 420, x + 90, 560), fill=accent)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    # a flushed database (browser tests) has lost the root collection that a migration made
    collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
    return Image.objects.create(
        title=title,
        file=ImageFile(buffer, name=f"demo-{key}.png"),
        width=1200,
        height=675,
        collection=collection,
    )


def load_categories(platform, en):
    """The news categories of `platform` (each platform keeps its own), in Japanese and
    English: {slug: (Japanese category, English one)}."""
    ja = Locale.objects.get(language_code="ja")
    categories = {}
    for slug, order, name_ja, name_en in CATEGORIES:
        category, _ = NewsCategory.objects.update_or_create(
            platform=platform,
            locale=ja,
            slug=slug,
            defaults={"name": name_ja, "sort_order": order},
        )
        translation = category.get_translation_or_none(en) or category.copy_for_translation(en)
        translation.name = name_en
        translation.sort_order = order
        translation.save()
        categories[slug] = (category, translation)
    return categories


def load(command):
    en = Locale.objects.get(language_code="en")
    categories = load_categories(platforms.default(), en)

    home = Site.objects.get(is_default_site=True).root_page.specific
    index = INDEX_PAGE.upsert(home)

    for slug, date, category, tags, image_key, ja_text, en_text in NEWS:
        image = _demo_image(image_key) if image_key else None
        title, summary, body = ja_text
        page = upsert_child(
            index,
            NewsPage,
            slug,
            title=title,
            summary=summary,
            body=body,
            date=date,
            category=categories[category][0],
            hero_image=image,
            hero_alt=IMAGES[image_key][3] if image_key else "",
        )
        if set(page.tags.names()) != set(tags):
            page.tags.set(tags)
            page.save_revision().publish()
        if en_text:
            title, summary, body = en_text
            upsert_translation(
                page,
                en,
                title=title,
                summary=summary,
                body=body,
                date=date,
                category=categories[category][1],
                hero_image=image,
                hero_alt=IMAGES[image_key][4] if image_key else "",
            )
    load_member_notices(home, en, categories)
    load_nagano(en)
    command.stdout.write(
        f"  news: {len(CATEGORIES)} categories, {len(NEWS)} news items (ja, some en), "
        f"{len(MEMBER_NOTICES)} notices for members only"
    )


MEMBER_NOTICES = [
    (
        "meeting-minutes-july",
        datetime.date(2026, 7, 10),
        "7月の参画団体連絡会の記録",
        "連絡会で共有した事例と、次回までの宿題をまとめました。",
    ),
    (
        "shokudo-roster",
        datetime.date(2026, 8, 5),
        "「だれでも食堂」秋の企画担当団体の調整",
        "9月から11月の各回の企画を担当する団体を調整しています。",
    ),
]


INDEX_PAGE = IndexPage(
    NewsIndexPage,
    "news",
    ja={
        "title": "お知らせ",
        "intro": "プラットフォームと参画団体からのお知らせ、イベントの報告、募集です。",
        "show_in_menus": True,
    },
    en={
        "title": "News",
        "intro": "News from the platform and its members: notices, event reports and calls.",
        "show_in_menus": True,
    },
)


def load_member_notices(home, en, categories):
    """Notices only member accounts can read (the information sharing between members that
    the case reports describe), behind a Wagtail view restriction by group."""
    index = upsert_child(
        home,
        NewsIndexPage,
        "member-notices",
        title="参画団体向けのお知らせ",
        intro="参画団体のアカウントでログインした方だけが読めるお知らせです。",
        show_in_menus=False,
    )
    upsert_translation(
        index,
        en,
        title="Notices for members",
        intro="Notices that only member organisations' accounts can read.",
        show_in_menus=False,
    )
    group = members_group()
    # restrictions belong to one page, so the translation needs its own
    for page in index.get_translations(inclusive=True):
        restriction = PageViewRestriction.objects.filter(page=page).first()
        if restriction is None:
            restriction = PageViewRestriction.objects.create(
                page=page, restriction_type=PageViewRestriction.GROUPS
            )
        restriction.groups.set([group])
    for slug, date, title, summary in MEMBER_NOTICES:
        upsert_child(
            index,
            NewsPage,
            slug,
            title=title,
            summary=summary,
            date=date,
            category=categories["notice"][0],
        )


# 長野県's platform (made by cms.home's demo): its member registration, its lecturers and its
# supporter course (seeds/002). (slug, date, category, Japanese title and summary, English
# ones)
NAGANO_NEWS = [
    (
        "member-registration",
        datetime.date(2026, 4, 1),
        "notice",
        (
            "参画団体の登録を受け付けています",
            "県内で孤独・孤立対策に取り組む団体の登録を受け付けています。",
        ),
        ("Organisations may now register", "Organisations working in the prefecture may register."),
    ),
    (
        "lecturer-dispatch",
        datetime.date(2026, 5, 15),
        "notice",
        (
            "フォーラム・研修会への講師派遣のご案内",
            "参画団体・市町村・市町村社協が開くフォーラムや研修会に、県から講師を派遣します。",
        ),
        (
            "Lecturers for your forum or training",
            "The prefecture sends lecturers to forums and trainings held by members and municipalities.",
        ),
    ),
    (
        "supporter-course-call",
        datetime.date(2026, 6, 1),
        "call",
        (
            "つながりサポーター養成講座の受講者を募集します",
            "身近な人の変化に気づき、相談窓口につなぐ「つながりサポーター」を県内で養成します。",
        ),
        (
            "Join the connection supporter course",
            "Learn to notice a change in the people around you and connect them with help.",
        ),
    ),
]


def load_nagano(en):
    """長野県's news, under its platform's news index (when the demo has made it)."""
    from cms.home.demo import nagano

    platform = nagano()
    if platform is None:
        return
    index = NewsIndexPage.objects.child_of(platform.site.root_page).filter(slug="news").first()
    # Its own categories: a category is one platform's, as its secretariat keeps them.
    categories = load_categories(platform, en)
    for slug, date, category, (title, summary), (title_en, summary_en) in NAGANO_NEWS:
        ja_category, en_category = categories[category]
        page = upsert_child(
            index, NewsPage, slug, title=title, summary=summary, date=date, category=ja_category
        )
        upsert_translation(
            page, en, title=title_en, summary=summary_en, date=date, category=en_category
        )
