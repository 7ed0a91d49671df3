"""The two notices every platform publishes from its first day: how it handles personal
information (the public forms ask visitors to agree to it) and its accessibility statement.
A new platform starts with these texts, in Japanese and English, for its secretariat to adapt;
they are made once and never written over, so that what the secretariat changed stays."""

from wagtail.models import Locale

from cms.core.demo_helpers import upsert_child, upsert_translation
from cms.home.models import StandardPage

NOTICES = [
    {
        "slug": "privacy",
        "ja": {
            "title": "個人情報の取り扱い",
            "summary": "このサイトでお預かりする個人情報の取り扱いについて。",
            "body": [
                {
                    "type": "paragraph",
                    "value": (
                        "<p>イベントの申込み、ボランティア登録などでお預かりする個人情報は、その目的の"
                        "ためだけに使い、必要な期間が過ぎたら削除します。ご本人の同意なく第三者に提供"
                        "することはありません。このサイトは閲覧の記録を外部のサービスに送りません。</p>"
                    ),
                },
            ],
        },
        "en": {
            "title": "Privacy notice",
            "summary": "How this site handles the personal information you give us.",
            "body": [
                {
                    "type": "paragraph",
                    "value": (
                        "<p>Personal information you give us, for example when you register for an "
                        "event or as a volunteer, is used only for that purpose and deleted once it "
                        "is no longer needed. It is never passed to third parties without your "
                        "consent. This site sends no record of your visit to outside services.</p>"
                    ),
                },
            ],
        },
    },
    {
        "slug": "accessibility",
        "ja": {
            "title": "アクセシビリティ",
            "summary": "誰もが使えるサイトをめざしています。",
            "body": [
                {
                    "type": "paragraph",
                    "value": (
                        "<p>このサイトは JIS X 8341-3:2016 および WCAG 2.2 の適合レベル AA をめざしています。"
                        "文字の拡大、キーボードだけでの操作、音声読み上げに対応するよう作っています。"
                        "使いにくい点があれば事務局までお知らせください。</p>"
                    ),
                },
            ],
        },
        "en": {
            "title": "Accessibility",
            "summary": "We want everyone to be able to use this site.",
            "body": [
                {
                    "type": "paragraph",
                    "value": (
                        "<p>This site aims to meet JIS X 8341-3:2016 and WCAG 2.2 level AA: it works "
                        "with enlarged text, keyboard alone and screen readers. If anything is hard "
                        "to use, please tell the secretariat.</p>"
                    ),
                },
            ],
        },
    },
]


def notice_pages(home):
    """{"privacy": page, "accessibility": page}: the notices under `home`, made when missing."""
    english = Locale.objects.filter(language_code="en").first()
    pages = {}
    for spec in NOTICES:
        page = StandardPage.objects.child_of(home).filter(slug=spec["slug"]).first()
        if page is None:
            page = upsert_child(home, StandardPage, spec["slug"], show_in_menus=False, **spec["ja"])
            if english is not None:
                upsert_translation(page, english, show_in_menus=False, **spec["en"])
        pages[spec["slug"]] = page
    return pages


def link_notices(settings, home):
    """The platform's settings point at its notices, made when missing; a page the
    secretariat chose instead is kept."""
    pages = notice_pages(home)
    changed = []
    for name, slug in (("privacy_page", "privacy"), ("accessibility_page", "accessibility")):
        if getattr(settings, f"{name}_id") is None:
            setattr(settings, name, pages[slug])
            changed.append(name)
    if changed:
        settings.save(update_fields=changed)
    return pages
