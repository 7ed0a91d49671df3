"""Demo events of 飯山市's platform: a symposium (200 seats), a three-session workshop series
whose last two sessions each offer two tracks (分科会) to choose from, and a small 交流会 that
is full, with a waitlist. Dates move with today so they stay upcoming.
Also a past lecture with its attendance, questionnaire answers and recording, and a platform
meeting (PF会議) for member organisations with agenda, minutes and action items."""

from datetime import datetime, time, timedelta

from django.utils import timezone
from wagtail.models import Locale

from cms.core.demo_helpers import IndexPage, demo_photo, upsert_translation
from cms.core.demo_languages import locales
from cms.directory.models import MemberOrganisationPage
from cms.home.services import ensure_site
from cms.people.models import Person
from events import services
from events.models import (
    ActionItem,
    CalendarSource,
    EventIndexPage,
    EventPage,
    EventSession,
    FeedbackRequest,
    ImportedEvent,
    Quota,
    Registration,
    SessionTrack,
)


def _at(days, hour, minute=0):
    day = (timezone.localdate() + timedelta(days=days)).replace(day=1) + timedelta(days=14)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _weekly(days, count, starts, ends):
    """A series of `count` weekly sessions (第1回, 第2回, …), the first on the day _at gives.
    The weeks are added after _at: it snaps a day to the 15th of its month, which put the
    three sessions of a series on one day and hour when each was snapped on its own."""
    first, last = _at(days, *starts), _at(days, *ends)
    return [
        (f"第{n}回", first + timedelta(weeks=n - 1), last + timedelta(weeks=n - 1))
        for n in range(1, count + 1)
    ]


def _sessions(page, specs):
    existing = list(page.sessions.all())
    if [(s.title, s.starts_at) for s in existing] == [(t, s) for t, s, _e in specs]:
        return False
    page.sessions = [EventSession(title=t, starts_at=s, ends_at=e) for t, s, e in specs]
    # Tracks name the sessions they belong to: the new sessions get theirs again
    # (`_session_tracks`).
    page.session_tracks = []
    return True


# The workshop's second and third sessions split into tracks (分科会), as Tottori prefecture's
# did by field; each registrant chooses one of each: (session number from 0, label, seats).
WORKSHOP_TRACKS = [
    (1, "分科会A：ピアサポート", 15),
    (1, "分科会B：居場所づくり", 15),
    (2, "分科会C：相談窓口へのつなぎ方", 15),
    (2, "分科会D：地域の見守り活動", 15),
]


def _session_tracks(page, specs):
    """The page's tracks as `specs` say, each naming one of its saved sessions (so set once
    the sessions are saved, and again when they were made anew); idempotent."""
    sessions = list(page.sessions.order_by("starts_at", "pk"))
    wanted = [(sessions[n].pk, label, seats) for n, label, seats in specs]
    have = [(t.session_id, t.label, t.capacity) for t in page.session_tracks.order_by("sort_order")]
    if have == wanted:
        return page
    page.session_tracks = [
        SessionTrack(session_id=session_id, label=label, capacity=seats)
        for session_id, label, seats in wanted
    ]
    page.save_revision().publish()
    return EventPage.objects.get(pk=page.pk)


def _event(index, slug, ja, en, sessions, quotas):
    page = EventPage.objects.child_of(index).filter(slug=slug).first()
    if page is None:
        page = EventPage(slug=slug, locale=index.locale, **ja)
        _sessions(page, sessions)
        page.quotas = [Quota(label=label, mode=mode, capacity=cap) for label, mode, cap in quotas]
        index.add_child(instance=page)
        page.save_revision().publish()
    else:
        page = page.specific
        changed = _sessions(page, sessions)
        for name, value in ja.items():
            if getattr(page, name) != value:
                setattr(page, name, value)
                changed = True
        if changed:
            page.save_revision().publish()
    en_locale = Locale.objects.get(language_code="en")
    upsert_translation(page, en_locale, **en)
    return EventPage.objects.get(pk=page.pk)


def _on(days, hour):
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _imported(index):
    """A member's own calendar mirrored into the index: the demo address cannot be fetched,
    so the source shows the recorded error and keeps its last good events, as a real one would."""
    from cms.directory.models import MemberOrganisationPage

    source, _created = CalendarSource.objects.update_or_create(
        name="飯山市社会福祉協議会 行事予定",
        defaults={
            "url": "https://calendar.example.invalid/iiyama-shakyo.ics",
            # The secretariat trusts the 社協's own calendar.
            "publish_directly": True,
            "index": index,
            "organisation": MemberOrganisationPage.objects.filter(title__contains="社会福祉協議会")
            .order_by("pk")
            .first(),
        },
    )
    for n, (title, days, hour) in enumerate(
        [
            ("ふれあい・いきいきサロン", 9, 10),
            ("介護者のつどい", 16, 13),
            ("ふれあいサロン", 23, 10),
        ]
    ):
        ImportedEvent.objects.update_or_create(
            source=source,
            uid=f"demo-{n}@iiyama-shakyo.example.invalid",
            recurrence_id="",
            defaults={
                "title": title,
                "starts_at": _on(days, hour),
                "ends_at": _on(days, hour + 2),
                "location": "飯山市福祉センター",
            },
        )


def _organisers(event, organiser_slug, co_organiser_slugs):
    """Who runs the event (member profiles list it); idempotent, and nothing when the member
    demo is not loaded."""
    members = {
        page.slug: page
        for page in MemberOrganisationPage.objects.filter(
            locale=event.locale, slug__in=[organiser_slug, *co_organiser_slugs]
        )
    }
    organiser = members.get(organiser_slug)
    co_organisers = [members[slug] for slug in co_organiser_slugs if slug in members]
    if organiser is None:
        return
    if event.organiser_id == organiser.pk and {p.pk for p in event.co_organisers.all()} == {
        p.pk for p in co_organisers
    }:
        return
    event.organiser = organiser
    event.co_organisers = co_organisers
    event.save_revision().publish()


INDEX_PAGE = IndexPage(
    EventIndexPage,
    "events",
    ja={
        "title": "イベント",
        "intro": "シンポジウム、講座、交流会など、プラットフォームのイベントのご案内です。",
        "show_in_menus": True,
    },
    en={
        "title": "Events",
        "intro": "Symposia, courses and get-togethers of the platform.",
        "show_in_menus": True,
    },
)


# The symposium in やさしい日本語 (its form's words come from the ja-x-easy catalog).
EASY_SYMPOSIUM = {
    "title": "シンポジウム「ちいきの ちからで つながろう」",
    "summary": (
        "ひとりで こまる 人を なくす ための とりくみを しょうかいします。"
        "ちいきで できる ことを みんなで かんがえます。"
    ),
    "venue_name": "飯山市文化交流館なちゅら（いいやまし ぶんか こうりゅうかん なちゅら）",
    "fee": "むりょう（お金は いりません）",
}


# Photos of two events (generated): slug: (gradient top, bottom, shape colour), shape,
# Japanese alt (the image's description), English alt (on the English page)
PHOTOS = {
    "symposium": (
        ((230, 236, 250), (200, 214, 240), (40, 70, 140)),
        "house",
        "会場の建物をかたどった紺色のイラスト。淡い青色の背景",
        "Navy drawing in the shape of the hall, on a soft blue background",
    ),
    "supporter-workshop": (
        ((250, 240, 226), (236, 214, 190), (120, 80, 40)),
        "table",
        "机を囲んで話し合う3人のイラスト。淡い茶色の背景",
        "Drawing of three people talking around a table, on a soft brown background",
    ),
}


def _photo(slug):
    """The event page's photo fields in Japanese and in English."""
    colours, shape, alt_ja, alt_en = PHOTOS[slug]
    image = demo_photo(f"event-{slug}", f"demo: event {slug}", colours, alt_ja, shape)
    return {"image": image}, {"image": image, "image_alt": alt_en}


def load(command):
    home = ensure_site()
    index = INDEX_PAGE.upsert(home)
    symposium_photo, symposium_photo_en = _photo("symposium")
    workshop_photo, workshop_photo_en = _photo("supporter-workshop")
    symposium = _event(
        index,
        "symposium",
        {
            "title": "孤独・孤立対策シンポジウム「つながりを、地域の力で」",
            "summary": "官民連携プラットフォームの取り組みを紹介し、地域でできることを考えます。",
            "category": EventPage.Category.SYMPOSIUM,
            "venue_name": "飯山市文化交流館なちゅら",
            "venue_address": "長野県飯山市大字飯山11226-1",
            "area": "飯山地区",
            "fee": "無料",
            "sign_language": True,
            "captioning": True,
            "wheelchair_seats": True,
            **symposium_photo,
        },
        {
            "title": "Symposium: Connections through the strength of our community",
            **symposium_photo_en,
        },
        [("", _at(40, 13, 30), _at(40, 16, 30))],
        [("会場参加", "onsite", 200)],
    )
    workshop = _event(
        index,
        "supporter-workshop",
        {
            "title": "つながりサポーター養成ワークショップ（全3回）",
            "summary": "身近な人の変化に気づき、声をかけ、相談窓口につなぐための3回連続講座です。",
            "category": EventPage.Category.WORKSHOP,
            "venue_name": "飯山市福祉センター",
            "venue_address": "長野県飯山市大字飯山1110-1",
            "area": "飯山地区",
            "fee": "無料（資料代300円）",
            "childcare": True,
            **workshop_photo,
        },
        {"title": "Connection supporter workshop (three sessions)", **workshop_photo_en},
        _weekly(60, 3, (10, 0), (12, 0)),
        [("", "onsite", 30)],
    )
    workshop = _session_tracks(workshop, WORKSHOP_TRACKS)
    gathering = _event(
        index,
        "koryukai",
        {
            "title": "居場所づくり交流会",
            "summary": "子ども食堂やサロンを運営する人、始めたい人が気軽に話す少人数の交流会です。",
            "category": EventPage.Category.GATHERING,
            "venue_name": "飯山市公民館 和室",
            "area": "飯山地区",
            "fee": "無料",
        },
        {"title": "Get-together for people running places to belong"},
        [("", _at(30, 14), _at(30, 16))],
        [("", "onsite", 8)],
    )
    upsert_translation(symposium, locales()["ja-x-easy"], **EASY_SYMPOSIUM)
    _organisers(symposium, "iiyama-city-welfare", ["iiyama-shakyo", "npo-wakamono"])
    _organisers(workshop, "iiyama-shakyo", [])
    _organisers(gathering, "kodomo-shokudo", ["yukiguni-salon"])
    if not Registration.objects.filter(event=gathering).exists():
        quota = gathering.quotas.get()
        for n in range(11):
            services.register(
                gathering,
                quota=quota,
                name=f"デモ参加者{n + 1}",
                email=f"demo{n + 1}@example.invalid",
            )
    _past_lecture(index)
    _platform_meeting(index)
    _imported(index)
    _nagano_course()
    command.stdout.write(
        f"  events: {EventPage.objects.count()} events, "
        f"{Person.objects.filter(event_registrations__isnull=False).count()} registrants"
        f" ({symposium.title[:10]}…)"
    )


LECTURE = {
    "title": "講演会「ひとりにしない地域づくり」",
    "summary": "孤独・孤立の実態と、見守りや居場所で地域ができることを専門家とともに考えました。",
    "category": EventPage.Category.LECTURE,
    "attendance": EventPage.Attendance.HYBRID,
    "venue_name": "飯山市文化交流館なちゅら 小ホール",
    "venue_address": "長野県飯山市大字飯山11226-1",
    "area": "飯山地区",
    "fee": "無料",
    "captioning": True,
    "recording_url": "https://www.youtube.com/watch?v=demo-iiyama-lecture",
    "recording_captioned": True,
}
# (rating, heard from, come again, comment) of the attendees who answered
ANSWERS = [
    (5, "flyer", "yes", "民生委員として、声のかけ方の具体例がとても参考になりました。"),
    (
        4,
        "organisation",
        "yes",
        "オンラインでも聞きやすかったです。資料を事前に見られると助かります。",
    ),
    (5, "newsletter", "yes", ""),
    (4, "website", "maybe", "会場が少し寒かったです。"),
    (3, "acquaintance", "maybe", "もう少し質疑応答の時間がほしかった。"),
    (5, "flyer", "yes", "居場所の事例をもっと聞きたいです。"),
]


def _past_lecture(index):
    """A lecture of last month: registered while it was open, checked in on the day (on site,
    online and walk-ins), with questionnaire answers and its captioned recording."""
    past = [("", _at(-30, 14), _at(-30, 16))]
    quotas = [("会場参加", "onsite", 80), ("オンライン参加", "online", 40)]
    existing = EventPage.objects.child_of(index).filter(slug="lecture-hitori").first()
    if existing is None:
        # Registration is only open before the event: register first, then move it back.
        upcoming = [("", _at(1, 14), _at(1, 16))]
        page = _event(
            index,
            "lecture-hitori",
            LECTURE,
            {"title": "Lecture: no one left alone"},
            upcoming,
            quotas,
        )
        onsite, online = page.quotas.all()
        for n in range(24):
            quota = online if n % 3 == 0 else onsite
            registration, _created = services.register(
                page,
                quota=quota,
                name=f"講演会参加者{n + 1}",
                email=f"lecture{n + 1}@example.invalid",
                companions=1 if n % 7 == 0 else 0,
            )
            if n % 6 != 5:  # a few did not come
                services.check_in(registration)
        for n in range(3):
            services.register_walk_in(
                page, quota=onsite, name=f"当日参加者{n + 1}", staff_user=None
            )
        attendees = Registration.objects.filter(event=page, status="attended", walk_in=False)
        for registration, (rating, heard, again, comment) in zip(attendees, ANSWERS, strict=False):
            services.record_feedback(
                registration, rating=rating, heard_from=heard, come_again=again, comment=comment
            )
        # As if the questionnaire had gone out: loading the demo mails nobody.
        for registration in attendees:
            FeedbackRequest.objects.get_or_create(
                registration=registration, defaults={"sent_at": timezone.now()}
            )
    _event(index, "lecture-hitori", LECTURE, {"title": "Lecture: no one left alone"}, past, quotas)


def _demo_member_account(organisation):
    """A member account of the organisation, as `approve_application` makes one (no
    password: an administrator sets one to try the members' pages)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    from cms.directory.members.services import members_group

    account, created = get_user_model().objects.get_or_create(
        username="demo-member",
        defaults={"first_name": "社協 担当", "email": "member@example.invalid"},
    )
    if created:
        account.set_unusable_password()
        account.save()
    group, _ = Group.objects.get_or_create(name=f"参画団体 デモ: {organisation.title}"[:150])
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    GroupPagePermission.objects.get_or_create(
        group=group,
        page=organisation,
        permission=Permission.objects.get(
            content_type__app_label="wagtailcore", codename="change_page"
        ),
    )
    account.groups.add(group, members_group())


def _platform_meeting(index):
    """The platform meeting of the 幹事団体, with agenda, minutes and action items."""
    from cms.directory.members.models import MembershipTier
    from cms.directory.models import MemberOrganisationPage

    core = MembershipTier.objects.filter(name="幹事団体").first()
    organisations = {
        page.slug: page
        for page in MemberOrganisationPage.objects.filter(locale__language_code="ja")
    }
    shakyo, maisapo = organisations.get("iiyama-shakyo"), organisations.get("maisapo-iiyama")
    if core is None or shakyo is None or maisapo is None:
        return  # the directory demo did not run
    _demo_member_account(shakyo)
    fields = {
        "title": "第4回 飯山市孤独・孤立対策官民連携プラットフォーム会議（幹事団体会議）",
        "summary": "幹事団体による定例会議です。今年度の取組の進み具合と来年度の計画を話し合います。",
        "category": EventPage.Category.GATHERING,
        "venue_name": "飯山市役所 第1会議室",
        "venue_address": "長野県飯山市大字飯山1110-1",
        "area": "飯山地区",
        "fee": "無料",
        "members_only": True,
        "agenda": (
            "<ol><li>開会・事務局あいさつ</li><li>報告：見守りネットワークの進み具合（社会福祉協議会）</li>"
            "<li>報告：ひきこもり相談の状況（まいさぽ飯山）</li><li>協議：来年度の重点取組（案）</li>"
            "<li>その他・閉会</li></ol>"
        ),
        "minutes": (
            "<p>出席：幹事団体6団体、事務局2名。</p><ul><li>見守りネットワークは12地区中9地区で"
            "立ち上がった。残る3地区は民生児童委員協議会と調整する。</li><li>ひきこもり相談は前年より"
            "増加。家族向けの相談会を年2回開くことを確認した。</li><li>来年度の重点取組案を了承。"
            "シンポジウムは秋に開催する。</li></ul>"
        ),
    }
    page = _event(
        index,
        "pf-kaigi-4",
        fields,
        {"title": "4th platform meeting (core members)"},
        [("", _at(20, 10), _at(20, 12))],
        [("", "onsite", 20)],
    )
    changed = False
    if list(page.invited_tiers.all()) != [core]:
        page.invited_tiers = [core]
        changed = True
    if not page.action_items.exists():
        page.action_items = [
            ActionItem(
                organisation=shakyo,
                description="未設置の3地区で見守りネットワークの説明会を開く",
                due_on=_at(50, 0).date(),
            ),
            ActionItem(
                organisation=maisapo,
                description="家族向け相談会の日程案と会場を提案する",
                due_on=_at(35, 0).date(),
            ),
            ActionItem(
                organisation=shakyo,
                description="前回会議の資料を各地区のサロンに配布する",
                due_on=_at(-10, 0).date(),
                done=True,
            ),
        ]
        changed = True
    if changed:
        page.save_revision().publish()


def _nagano_course():
    """長野県's supporter course for the residents of its municipalities (its platform made by
    cms.home's demo): three sessions at the prefecture's office, with lecturers it sends."""
    from cms.home.demo import nagano

    platform = nagano()
    if platform is None:
        return
    index = EventIndexPage.objects.child_of(platform.site.root_page).filter(slug="events").first()
    _event(
        index,
        "tsunagari-supporter-course",
        {
            "title": "つながりサポーター養成講座（全3回）",
            "summary": (
                "身近な人の変化に気づき、声をかけ、相談窓口につなぐ「つながりサポーター」を"
                "県内の市町村の住民から養成します。"
            ),
            "category": EventPage.Category.LECTURE,
            "venue_name": "長野県庁 講堂",
            "venue_address": "長野県長野市大字南長野字幅下692-2",
            "area": "長野市",
            "fee": "無料",
        },
        {"title": "Connection supporter course (three sessions)"},
        _weekly(45, 3, (13, 0), (16, 0)),
        [("", "onsite", 40)],
    )
