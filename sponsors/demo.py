"""Demo sponsors of the symposium: a local credit union (協賛), the prefecture's and the city's
endorsement (後援) and a newspaper's cooperation (協力), with English translations."""

from wagtail.models import Locale

from cms.core import platform as platforms
from events.models import EventPage
from sponsors.models import Sponsor, Sponsorship

# name, kana, kind, url, English name, role on the symposium
SPONSORS = [
    (
        "飯山みらい信用金庫",
        "いいやまみらいしんようきんこ",
        Sponsor.Kind.SPONSORSHIP,
        "",
        "Iiyama Mirai Credit Union",
        "特別協賛",
    ),
    (
        "長野県",
        "ながのけん",
        Sponsor.Kind.ENDORSEMENT,
        "https://www.pref.nagano.lg.jp/",
        "Nagano Prefecture",
        "",
    ),
    (
        "飯山市教育委員会",
        "いいやましきょういくいいんかい",
        Sponsor.Kind.ENDORSEMENT,
        "",
        "Iiyama City Board of Education",
        "",
    ),
    ("北信タイムス社", "ほくしんたいむすしゃ", Sponsor.Kind.COOPERATION, "", "Hokushin Times", ""),
]


def load(command):
    ja = Locale.objects.get(language_code="ja")
    en = Locale.objects.get(language_code="en")
    symposium = EventPage.objects.filter(slug="symposium", locale=ja).first()
    platform = platforms.default()
    for order, (name, kana, kind, url, english, role) in enumerate(SPONSORS):
        sponsor, _ = Sponsor.objects.update_or_create(
            platform=platform,
            name=name,
            locale=ja,
            defaults={"name_kana": kana, "kind": kind, "url": url},
        )
        translated = Sponsor.objects.filter(
            translation_key=sponsor.translation_key, locale=en
        ).first()
        if translated is None:
            translated = sponsor.copy_for_translation(en)
        translated.name, translated.name_kana = english, kana
        translated.kind, translated.url = kind, url
        translated.save()
        if symposium is not None:
            Sponsorship.objects.update_or_create(
                event=symposium, sponsor=sponsor, defaults={"role": role, "sort_order": order}
            )
    command.stdout.write(f"  sponsors: {len(SPONSORS)} sponsors of the symposium")
