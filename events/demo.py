"""Demo events of 飯山市's platform: a symposium (200 seats), a three-session workshop series
and a small 交流会 that is full, with a waitlist. Dates move with today so they stay upcoming."""

from datetime import datetime, time, timedelta

from django.utils import timezone
from wagtail.models import Locale

from cms.core.demo_helpers import upsert_child, upsert_translation
from cms.home.services import ensure_site
from cms.people.models import Person
from events import services
from events.models import (
    CalendarSource,
    EventIndexPage,
    EventPage,
    EventSession,
    ImportedEvent,
    Quota,
    Registration,
)


def _at(days, hour, minute=0):
    day = (timezone.localdate() + timedelta(days=days)).replace(day=1) + timedelta(days=14)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _sessions(page, specs):
    existing = list(page.sessions.all())
    if [(s.title, s.starts_at) for s in existing] == [(t, s) for t, s, _e in specs]:
        return False
    page.sessions = [EventSession(title=t, starts_at=s, ends_at=e) for t, s, e in specs]
    return True


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


def load(command):
    home = ensure_site()
    index = upsert_child(
        home,
        EventIndexPage,
        "events",
        title="イベント",
        intro="シンポジウム、講座、交流会など、プラットフォームのイベントのご案内です。",
        show_in_menus=True,
    )
    upsert_translation(
        index,
        Locale.objects.get(language_code="en"),
        title="Events",
        intro="Symposia, courses and get-togethers of the platform.",
        show_in_menus=True,
    )
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
        },
        {"title": "Symposium: Connections through the strength of our community"},
        [("", _at(40, 13, 30), _at(40, 16, 30))],
        [("会場参加", "onsite", 200)],
    )
    _event(
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
        },
        {"title": "Connection supporter workshop (three sessions)"},
        [(f"第{n}回", _at(60 + 7 * (n - 1), 10), _at(60 + 7 * (n - 1), 12)) for n in (1, 2, 3)],
        [("", "onsite", 30)],
    )
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
    if not Registration.objects.filter(event=gathering).exists():
        quota = gathering.quotas.get()
        for n in range(11):
            services.register(
                gathering,
                quota=quota,
                name=f"デモ参加者{n + 1}",
                email=f"demo{n + 1}@example.invalid",
            )
    _imported(index)
    command.stdout.write(
        f"  events: {EventPage.objects.count()} events, "
        f"{Person.objects.filter(event_registrations__isnull=False).count()} registrants"
        f" ({symposium.title[:10]}…)"
    )
