"""Printed documents, made one way: the worry handbook, event flyers, course certificates and
volunteer-hours certificates are A4 PDFs built on `Document`.

The font is Noto Sans CJK JP (SIL Open Font License 1.1), Regular and Bold, from the PyPI wheels
`noto-cjk-sans-jp-regular` and `noto-cjk-sans-jp-bold` that are installed with the project:
nothing is fetched at run time and neither npm nor a system font is needed, so every
installation can print. The font covers Latin text too, so English documents use it as well.
fpdf2 embeds only the glyphs a document uses (a subset): a page of Japanese stays a few dozen
kilobytes and prints the same on any reader, and its text stays real, searchable text.

QR codes are drawn by segno (pure Python), as PNG: in PDFs, mails and web pages."""

import base64
import hashlib
import io
from pathlib import Path

import noto_cjk_sans_jp_bold
import noto_cjk_sans_jp_regular
import segno
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import formats, timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import TextEmphasis, WrapMode

from cms.core import platform as platforms
from cms.core import ruby

FAMILY = "NotoSansJP"
REGULAR = Path(str(noto_cjk_sans_jp_regular.FONT_PATH))
BOLD = Path(str(noto_cjk_sans_jp_bold.FONT_PATH))
A4 = (210, 297)  # mm
# Medium error correction survives a crease or a smudge on paper and keeps codes small.
QR_ERROR = "m"
DAY = 60 * 60 * 24


class Document(FPDF):
    """An A4 portrait document in millimetres, set in Noto Sans JP, with its title and language
    recorded (screen readers and search engines read them).

    The two weights are registered on first use: parsing the font takes about a second, and
    a document that never sets bold text does not pay for the bold one."""

    def __init__(self, title, *, language=None, margin=20, page_numbers=False, platform=None):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.language = language or translation.get_language() or settings.LANGUAGE_CODE
        # Japanese has no spaces between words: lines break between any two characters.
        self.wrapmode = WrapMode.CHAR if self.language.startswith("ja") else WrapMode.WORD
        self.page_numbers = page_numbers
        self.set_title(ruby.to_text(title))
        self.set_creator("Tsunagu")
        # The platform that issues it: its name as the document's author.
        with translation.override(self.language):
            self.set_author(platforms.platform_name(platform))
        self.set_lang(self.language)
        self.set_margins(margin, margin, margin)
        self.set_auto_page_break(auto=True, margin=margin)
        self.set_font(FAMILY, size=11)

    def set_font(self, family=None, style="", size=0):
        if (family or self.font_family).lower() == FAMILY.lower():
            letters = style.style if isinstance(style, TextEmphasis) else style
            weight = "B" if "B" in letters.upper() else ""
            if FAMILY.lower() + weight not in self.fonts:
                self.add_font(FAMILY, weight, str(BOLD if weight else REGULAR))
        super().set_font(family, style, size)

    def normalize_text(self, text):
        """Every text written, without the furigana markup of titles (cms/core/ruby.py)."""
        return super().normalize_text(ruby.to_text(text))

    def footer(self):
        if self.page_numbers:
            self.set_y(-12)
            self.set_font(FAMILY, size=8)
            self.cell(0, 6, str(self.page_no()), align="C")

    def paragraph(self, text, *, size=11, bold=False, height=None, width=0, align="L"):
        """Text from the left margin that wraps at `width` (0: the right margin); the next
        line starts below it."""
        if not text:
            return
        self.set_font(FAMILY, "B" if bold else "", size)
        self.multi_cell(
            width,
            height or size * 0.5,
            str(text),
            align=align,
            wrapmode=self.wrapmode,
            new_x="LMARGIN",
            new_y="NEXT",
        )

    def heading(self, text, *, size=14, keep_with=30):
        """A bold heading, moved to a new page when fewer than `keep_with` mm would follow it."""
        if self.get_y() > self.page_break_trigger - keep_with:
            self.add_page()
        self.ln(3)
        self.paragraph(text, size=size, bold=True)
        self.ln(1)

    def qr_code(self, data, *, x, y, size):
        """A QR code of `data`, `size` mm wide, with its top left corner at (x, y)."""
        self.image(qr_png(data), x=x, y=y, w=size, h=size)

    def to_bytes(self):
        return bytes(self.output())


def qr_png(data, *, scale=8):
    """A QR code as PNG (in a buffer), with the quiet zone scanners need around it."""
    buffer = io.BytesIO()
    segno.make(data, error=QR_ERROR).save(buffer, kind="png", scale=scale, border=4)
    buffer.seek(0)
    return buffer


def qr_data_uri(data, *, scale=6):
    """A QR code as a data: address for an <img> on a page that must not depend on another
    request (a confirmation one saves or prints)."""
    return "data:image/png;base64," + base64.b64encode(qr_png(data, scale=scale).read()).decode()


def labelled(label, value):
    """「期間：4月1日」, "Period: 1 April": a label and its value on one line."""
    return _("%(label)s: %(value)s") % {"label": label, "value": value}


def format_day(value):
    """A date (or the day of an aware datetime, in Tokyo) as the active language writes it,
    with the weekday: 2026年4月18日 (土), April 18, 2026 (Sat)."""
    if hasattr(value, "tzinfo"):
        value = timezone.localtime(value)
    return f"{formats.date_format(value, 'DATE_FORMAT')} ({formats.date_format(value, 'D')})"


def format_span(start, end=None):
    """From start to end in Tokyo time: one day with its hours, or two full dates."""
    start = timezone.localtime(start)
    text = f"{format_day(start)} {start:%H:%M}"
    if end is None:
        return text
    end = timezone.localtime(end)
    if end.date() == start.date():
        return f"{text}–{end:%H:%M}"
    return f"{text} – {format_day(end)} {end:%H:%M}"


def absolute_url(url, request=None, platform=None):
    """The full address of a page for paper and mail, where a relative link means nothing:
    the request's host when there is one, else the platform's public address
    (`cms.core.platform.base_url`: BASE_URL for the default platform)."""
    if url.startswith(("http://", "https://")):
        return url
    if request is not None:
        return request.build_absolute_uri(url)
    return platforms.base_url(platform) + url


def cached(kind, version, build, *, timeout=DAY):
    """The bytes of a public document, built once per `version`: building takes seconds (font
    subsetting, QR codes), so the same bytes are served until anything printed changes.
    `version` must change whenever the content does."""
    digest = hashlib.sha256(repr(version).encode()).hexdigest()
    key = f"pdf-{kind}-{digest}"
    data = cache.get(key)
    if data is None:
        data = build()
        cache.set(key, data, timeout)
    return data


def pdf_response(data, filename, *, download=False, private=False):
    """A PDF answer. `private` documents (a person's certificate) must stay out of shared
    caches and proxies."""
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(download, filename)
    if private:
        response["Cache-Control"] = "private, no-store"
    return response
