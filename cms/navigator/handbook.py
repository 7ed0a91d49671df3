"""The worry handbook (お悩みハンドブック) as an A4 PDF for libraries and convenience stores:
the windows open 24 hours first, then every window grouped by topic, then the ibasho, each with
a QR code to its page. Built on `cms.core.pdf`, so the Japanese font is embedded and it prints
the same everywhere."""

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cms.core import pdf
from cms.core.models import Topic
from cms.directory.queries import ibasho_in, windows_in, windows_with_topics
from cms.directory.windows.models import OpeningHours

QR_SIZE = 20  # mm: large enough for a phone camera at arm's length
TEXT_WIDTH = 150


def _entry(document, title, lines, url):
    """One window or ibasho: its name in bold, a few lines, the QR code on the right."""
    if document.get_y() + QR_SIZE + 4 > document.page_break_trigger:
        document.add_page()
    top = document.get_y()
    document.paragraph(title, size=11, bold=True, height=6, width=TEXT_WIDTH)
    for line in lines:
        document.paragraph(line, size=9.5, height=5, width=TEXT_WIDTH)
    document.qr_code(
        pdf.absolute_url(url), x=document.l_margin + TEXT_WIDTH + 5, y=top, size=QR_SIZE
    )
    document.set_y(max(document.get_y(), top + QR_SIZE) + 3)


def _window_lines(window):
    note = window.hours or (_("24 hours") if window.is_24h else "")
    hours = "  ".join([*(row.describe() for row in window.opening_hours.all()), note]).strip()
    facts = [
        " · ".join(str(channel) for channel in window.channels),
        _("Free") if window.is_free else "",
        _("Anonymous OK") if window.anonymous_ok else "",
    ]
    return [
        " / ".join(number["text"] for number in window.phone_list),
        hours,
        "  ".join(fact for fact in facts if fact),
        window.summary,
    ]


def fingerprint(locale, site, title):
    """Changes whenever anything printed in the handbook may have changed."""
    windows = windows_in(locale, site).values_list()
    rows = OpeningHours.objects.filter(window__in=windows_in(locale, site).values("pk"))
    pages = ibasho_in(locale, site).values_list("pk", "latest_revision_id")
    topics = Topic.objects.filter(locale=locale).values_list("pk", "name", "sort_order")
    return (
        title,
        list(windows),
        list(rows.values_list()),
        list(pages),
        list(topics),
        timezone.localdate(),
    )


def cached_handbook(locale, site, title):
    """The same bytes until the content changes; one handbook per platform and language."""
    return pdf.cached(
        f"navigator-handbook-{site.pk}-{locale.language_code}",
        fingerprint(locale, site, title),
        lambda: build_handbook(locale, site, title),
    )


def build_handbook(locale, site, title):
    """The handbook of `site`'s platform (with the nationwide windows) in `locale`, as PDF
    bytes."""
    with translation.override(locale.language_code):
        windows = list(windows_with_topics(site).filter(locale=locale))
        topics = list(Topic.objects.filter(locale=locale))
        ibasho = list(
            ibasho_in(locale, site).order_by("area", "name_kana").prefetch_related("schedule_rules")
        )

        document = pdf.Document(title, language=locale.language_code, margin=15, page_numbers=True)
        document.add_page()
        document.paragraph(_("Worry handbook"), size=20, bold=True, height=10)
        document.paragraph(title, size=11, height=6)
        document.paragraph(
            _(
                "You do not have to carry your worries alone. Scan a code to open the "
                "window's page. As of %(date)s."
            )
            % {"date": timezone.localdate().strftime("%Y/%m/%d")},
            size=11,
            height=6,
        )

        document.heading(_("Right now, day and night (24 hours)"))
        for window in (w for w in windows if w.is_24h):
            _entry(document, window.name, _window_lines(window), window.get_url())

        for topic in topics:
            members = [
                w for w in windows if topic in w.topics.all() or topic in w.target_groups.all()
            ]
            if not members:
                continue
            document.heading(topic.name)
            for window in members:
                _entry(document, window.name, _window_lines(window), window.get_url())

        if ibasho:
            document.heading(_("Places you can drop in"))
            for page in ibasho:
                _entry(
                    document,
                    page.title,
                    [
                        " · ".join(filter(None, [page.get_kind_display(), page.area])),
                        " / ".join(page.opening_summary()),
                        page.contact_phone,
                    ],
                    page.url,
                )
        return document.to_bytes()
