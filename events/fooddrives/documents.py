"""The printed papers of the drop-off desk, built on `cms.core.pdf`: the receipt (受領書) a
donor gets for the food actually received, and the hand-over slip (引渡し票) both sides sign
when food goes to an organisation. Japanese by default (papers for an office's files); the
dates in 和暦 with the Western year."""

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from fpdf.enums import TextEmphasis
from fpdf.fonts import FontFace

from cms.core import era, pdf
from cms.core import platform as platforms
from events.fooddrives import queries


def _day(day):
    """令和8年（2026年）12月7日 in Japanese, the language's date in others."""
    if (translation.get_language() or "").startswith("ja"):
        return era.era_date_ja(day, western=True)
    return era.era_date(day)


def _issuer(document, platform):
    """The platform's name, its secretariat and how to reach it, from its settings."""
    settings = platforms.settings_of(platform)
    document.paragraph(platforms.platform_name(platform), size=12, bold=True, height=7)
    for line in (
        settings.secretariat_name,
        settings.address,
        pdf.labelled(_("Phone"), settings.phone) if settings.phone else "",
        pdf.labelled(_("E-mail"), settings.email) if settings.email else "",
    ):
        document.paragraph(line, size=10, height=6)


def _table(document, widths, header, rows, aligns):
    width = document.epw
    document.set_font(pdf.FAMILY, "", 10.5)
    with document.table(
        col_widths=tuple(width * share for share in widths),
        text_align=aligns,
        borders_layout="ALL",
        line_height=7,
        padding=(1.5, 2, 1.5, 2),
        wrapmode=document.wrapmode,
        headings_style=FontFace(emphasis=TextEmphasis.B, size_pt=10.5),
    ) as table:
        table.row(header)
        for row in rows:
            table.row([str(cell) for cell in row])


def receipt_pdf(receipt, intakes, *, language="ja"):
    """The receipt (bytes) of `intakes`, the food received that `receipt` is of."""
    with translation.override(language):
        title = _("Receipt")
        document = pdf.Document(title, language=language, margin=22, platform=receipt.platform)
        document.add_page()
        document.paragraph(
            pdf.labelled(_("Receipt No."), receipt.label), size=10, height=6, align="R"
        )
        document.paragraph(
            pdf.labelled(_("Date of issue"), _day(receipt.issued_on)), size=10, height=6, align="R"
        )
        document.ln(4)
        document.paragraph(title, size=22, bold=True, height=12, align="C")
        document.ln(8)
        document.paragraph(
            _("%(name)s (to the donor)") % {"name": receipt.addressee or "—"},
            size=15,
            bold=True,
            height=9,
        )
        document.ln(4)
        document.paragraph(pdf.labelled(_("Food drive"), receipt.drive.title), size=11, height=7)
        document.ln(3)
        _table(
            document,
            (0.38, 0.37, 0.25),
            [_("Date received"), _("Food"), _("Quantity")],
            [
                (_day(row.received_on), row.item.name, f"{row.quantity} {row.item.unit}")
                for row in intakes
            ],
            ("LEFT", "LEFT", "RIGHT"),
        )
        document.ln(8)
        document.paragraph(_("We have received the food above as a donation."), size=12, height=7)
        document.paragraph(_("Thank you for your kind support."), size=11, height=7)
        document.ln(12)
        _issuer(document, receipt.platform)
        return document.to_bytes()


def hand_over_slip_pdf(drive, platform, distributions, *, language="ja"):
    """The hand-over slip (bytes) of `distributions`: the food one organisation received on
    one day, with a line for each side to sign."""
    first = distributions[0]
    with translation.override(language):
        title = _("Hand-over slip")
        document = pdf.Document(title, language=language, margin=22, platform=platform)
        document.add_page()
        document.paragraph(title, size=22, bold=True, height=12, align="C")
        document.ln(8)
        for label, value in (
            (_("Date handed over"), _day(first.distributed_on)),
            (_("Recipient organisation"), first.recipient_label),
            (_("Food drive"), drive.title),
            (_("Handed over by"), platforms.platform_name(platform)),
        ):
            document.paragraph(pdf.labelled(label, value), size=12, height=8)
        document.ln(4)
        _table(
            document,
            (0.6, 0.4),
            [_("Food"), _("Quantity")],
            [(row.item.name, f"{row.quantity} {row.item.unit}") for row in distributions],
            ("LEFT", "RIGHT"),
        )
        document.ln(8)
        document.paragraph(_("The food above was handed over and received."), size=11, height=7)
        document.ln(10)
        for label in (_("Handed over by (signature)"), _("Received by (signature)")):
            document.paragraph(label, size=11, height=7)
            document.ln(10)
            document.line(
                document.l_margin,
                document.get_y(),
                document.w - document.r_margin,
                document.get_y(),
            )
            document.ln(8)
        document.paragraph(pdf.labelled(_("Printed"), _day(timezone.localdate())), size=9, height=5)
        return document.to_bytes()


def receipt_response(receipt, *, download=False, language="ja"):
    """The receipt as a PDF answer that no shared cache keeps (it names the donor), in
    `language`: Japanese for the desk, the donor's own language when they download it."""
    data = receipt_pdf(receipt, queries.receipt_intakes(receipt), language=language)
    return pdf.pdf_response(data, f"receipt-{receipt.label}.pdf", download=download, private=True)
