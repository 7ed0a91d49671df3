"""The worry handbook (お悩みハンドブック) as an A4 PDF for libraries and convenience stores:
the windows open 24 hours first, then every window grouped by topic, then the ibasho, each with
a QR code to its page. Noto Sans JP is embedded (subset) so it prints the same everywhere."""

import hashlib
import io
from pathlib import Path

import segno
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from fpdf import FPDF

from cms.core.models import Topic
from cms.directory.ibasho import IbashoPage
from cms.directory.windows import ConsultationWindow

FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR = FONT_DIR / "NotoSansJP_400Regular.ttf"
BOLD = FONT_DIR / "NotoSansJP_700Bold.ttf"
QR_SIZE = 20  # mm: large enough for a phone camera at arm's length
TEXT_WIDTH = 150


def available():
    """Whether `make vendor` installed the font; without it there is no PDF to offer."""
    return REGULAR.exists() and BOLD.exists()


class _Handbook(FPDF):
    def footer(self):
        self.set_y(-12)
        self.set_font("Noto", size=8)
        self.cell(0, 6, str(self.page_no()), align="C")


def _absolute(url):
    return url if url.startswith("http") else settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url


def _qr(pdf, url, x, y):
    buffer = io.BytesIO()
    segno.make(_absolute(url), error="m").save(buffer, kind="png", scale=4, border=2)
    buffer.seek(0)
    pdf.image(buffer, x=x, y=y, w=QR_SIZE, h=QR_SIZE)


def _heading(pdf, text, size=14):
    if pdf.get_y() > pdf.page_break_trigger - 30:
        pdf.add_page()
    pdf.ln(3)
    pdf.set_font("Noto", "B", size)
    pdf.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def _entry(pdf, title, lines, url):
    """One window or ibasho: its name in bold, a few lines, the QR code on the right."""
    if pdf.get_y() + QR_SIZE + 4 > pdf.page_break_trigger:
        pdf.add_page()
    top = pdf.get_y()
    pdf.set_font("Noto", "B", 11)
    pdf.multi_cell(TEXT_WIDTH, 6, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Noto", size=9.5)
    for line in lines:
        if line:
            pdf.multi_cell(TEXT_WIDTH, 5, line, new_x="LMARGIN", new_y="NEXT")
    _qr(pdf, url, pdf.l_margin + TEXT_WIDTH + 5, top)
    pdf.set_y(max(pdf.get_y(), top + QR_SIZE) + 3)


def _window_lines(window):
    hours = window.hours or (_("24 hours") if window.is_24h else "")
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


def fingerprint(locale, title):
    """Changes whenever anything printed in the handbook may have changed."""
    windows = ConsultationWindow.objects.filter(locale=locale).values_list()
    pages = IbashoPage.objects.live().filter(locale=locale).values_list("pk", "latest_revision_id")
    topics = Topic.objects.filter(locale=locale).values_list("pk", "name", "sort_order")
    data = repr((title, list(windows), list(pages), list(topics), timezone.localdate()))
    return hashlib.sha256(data.encode()).hexdigest()


def cached_handbook(locale, title):
    """Building takes seconds (font subsetting, QR codes): serve the same bytes until the
    content changes."""
    key = f"navigator-handbook-{locale.language_code}-{fingerprint(locale, title)}"
    pdf = cache.get(key)
    if pdf is None:
        pdf = build_handbook(locale, title)
        cache.set(key, pdf, 60 * 60 * 24)
    return pdf


def build_handbook(locale, title):
    """The handbook of `locale` as PDF bytes."""
    with translation.override(locale.language_code):
        windows = list(
            ConsultationWindow.objects.filter(locale=locale).prefetch_related(
                "topics", "target_groups"
            )
        )
        topics = list(Topic.objects.filter(locale=locale))
        ibasho = list(
            IbashoPage.objects.live()
            .filter(locale=locale)
            .order_by("area", "name_kana")
            .prefetch_related("schedule_rules")
        )

        pdf = _Handbook(format="A4")
        pdf.set_title(title)
        pdf.set_creator("Tsunagu")
        pdf.add_font("Noto", "", str(REGULAR))
        pdf.add_font("Noto", "B", str(BOLD))
        pdf.set_auto_page_break(auto=True, margin=16)
        pdf.add_page()
        pdf.set_font("Noto", "B", 20)
        pdf.multi_cell(0, 10, _("Worry handbook"), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Noto", size=11)
        pdf.multi_cell(0, 6, title, new_x="LMARGIN", new_y="NEXT")
        pdf.multi_cell(
            0,
            6,
            _(
                "You do not have to carry your worries alone. Scan a code to open the "
                "window's page. As of %(date)s."
            )
            % {"date": timezone.localdate().strftime("%Y/%m/%d")},
            new_x="LMARGIN",
            new_y="NEXT",
        )

        _heading(pdf, _("Right now, day and night (24 hours)"))
        for window in (w for w in windows if w.is_24h):
            _entry(pdf, window.name, _window_lines(window), window.get_url())

        for topic in topics:
            members = [
                w for w in windows if topic in w.topics.all() or topic in w.target_groups.all()
            ]
            if not members:
                continue
            _heading(pdf, topic.name)
            for window in members:
                _entry(pdf, window.name, _window_lines(window), window.get_url())

        if ibasho:
            _heading(pdf, _("Places you can drop in"))
            for page in ibasho:
                _entry(
                    pdf,
                    page.title,
                    [
                        " · ".join(filter(None, [page.get_kind_display(), page.area])),
                        " / ".join(page.opening_summary()),
                        page.contact_phone,
                    ],
                    page.url,
                )
        return bytes(pdf.output())
