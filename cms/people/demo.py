"""Demo content: the qualifications that supporter courses grant (seeds: 鳥取市の
つながりサポーター, 市原市のゆるサポ, leader courses)."""

from wagtail.models import Locale

from cms.core import platform as platforms
from cms.home.services import ensure_site
from cms.people.models import Qualification

# slug, Japanese, English, years valid, grace days, required slug, description (ja, en)
QUALIFICATIONS = [
    (
        "tsunagari-supporter",
        "つながりサポーター",
        "Tsunagari supporter",
        3,
        180,
        None,
        "身近な人の孤独・孤立に気づき、声をかけ、必要な支援につなぐ住民サポーター。",
        "A resident trained to notice loneliness around them, speak to people and connect them with help.",
    ),
    (
        "tsunagari-leader",
        "つながりサポーター・リーダー",
        "Tsunagari supporter leader",
        None,
        0,
        "tsunagari-supporter",
        "サポーター同士の交流会や研修を地域で企画・運営するリーダー。",
        "Organises exchange meetings and training for supporters in their area.",
    ),
]


def load(command):
    # The demo's qualifications are the default site's platform's (飯山市's courses); this
    # app may load before the home's demo has made the site (an emptied database). 長野県's
    # own, for its course, are made by the courses' demo once its platform exists.
    ensure_site()
    load_qualifications(platforms.default())
    command.stdout.write(f"  people: {len(QUALIFICATIONS)} qualifications (ja, en)")


def load_qualifications(platform):
    """The qualifications that `platform`'s courses grant, in Japanese and English: {slug:
    the Japanese one}."""
    ja, _ = Locale.objects.get_or_create(language_code="ja")
    en, _ = Locale.objects.get_or_create(language_code="en")
    made = {}
    for slug, name_ja, name_en, years, grace, requires, text_ja, text_en in QUALIFICATIONS:
        qualification, _ = Qualification.objects.update_or_create(
            platform=platform,
            locale=ja,
            slug=slug,
            defaults={
                "name": name_ja,
                "description": text_ja,
                "validity_years": years,
                "grace_days": grace,
                "requires": made.get(requires),
            },
        )
        made[slug] = qualification
        translation = qualification.get_translation_or_none(en)
        if translation is None:
            translation = qualification.copy_for_translation(en)
        translation.name = name_en
        translation.description = text_en
        translation.validity_years = years
        translation.grace_days = grace
        translation.requires = made[requires].get_translation_or_none(en) if requires else None
        translation.save()
    return made
