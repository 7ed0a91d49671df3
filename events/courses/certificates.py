"""The certificate of completion (修了証) as a PDF: name, course, date, certificate number and
a QR code to the public verification page.

fpdf2 embeds a subset of the font (only the glyphs used), so the PDF shows Japanese on any
reader and stays a few kilobytes; the font is Noto Sans JP (SIL OFL) from the
`pylopdf-fonts-jp` wheel, installed with the project — nothing is fetched at run time. The QR
code is drawn by segno (pure Python)."""

import io
from functools import cache
from pathlib import Path

import pylopdf_fonts_jp
import segno
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from fpdf import FPDF

FONT = "NotoSansJP"


@cache
def font_path():
    return str(Path(pylopdf_fonts_jp.__file__).parent / "NotoSansJP-Regular.otf")


def verification_url(number, request=None):
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("people:verify_certificate") + "?" + urlencode({"number": number})
    if request is not None:
        return request.build_absolute_uri(path)
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    return base + path


def _date(day):
    return f"{day.year}年{day.month}月{day.day}日"


def certificate_pdf(completion, request=None):
    """The certificate of a completion that granted or renewed a qualification (bytes)."""
    grant = completion.grant
    person = completion.registration.person
    course = completion.course
    qualification = grant.qualification
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Certificate of completion")
        text = _(
            "This certifies that the above person completed “%(course)s” and is recognised "
            "as %(qualification)s."
        ) % {"course": course, "qualification": qualification}
        labels = {
            "date": _("Date of completion"),
            "valid": _("Valid until"),
            "number": _("Certificate number"),
            "verify": _("Check this certificate by scanning the code."),
        }

    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.set_creator("Tsunagu")
    pdf.add_font(FONT, "", font_path())
    pdf.add_page()
    pdf.set_margins(25, 25, 25)
    pdf.set_y(35)
    pdf.set_font(FONT, size=28)
    pdf.cell(0, 16, title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(14)
    pdf.set_font(FONT, size=22)
    # The certificate is in Japanese whatever the trainer's language: 様 goes with the name.
    pdf.cell(0, 14, f"{person.name} 様", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(10)
    pdf.set_font(FONT, size=13)
    pdf.multi_cell(0, 9, text, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    rows = [(labels["date"], _date(completion.completed_on))]
    if grant.valid_until:
        rows.append((labels["valid"], _date(grant.valid_until)))
    rows.append((labels["number"], grant.certificate_number))
    for label, value in rows:
        pdf.cell(55, 9, label)
        pdf.cell(0, 9, value, new_x="LMARGIN", new_y="NEXT")

    qr = io.BytesIO()
    segno.make(verification_url(grant.certificate_number, request), error="m").save(
        qr, kind="png", scale=6, border=2
    )
    qr.seek(0)
    pdf.image(qr, x=25, y=200, w=40, h=40)
    pdf.set_xy(70, 210)
    pdf.set_font(FONT, size=10)
    pdf.multi_cell(0, 6, labels["verify"])
    return bytes(pdf.output())
