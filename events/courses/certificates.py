"""The certificate of completion (修了証) as a PDF: name, course, date, certificate number and
a QR code to the public verification page. Built on `cms.core.pdf` (embedded Japanese font)."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from cms.core import era, pdf


def verification_url(number, request=None):
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("people:verify_certificate") + "?" + urlencode({"number": number})
    return pdf.absolute_url(path, request)


def _date(day):
    return era.era_date_ja(day, western=True)


def certificate_pdf(completion, request=None):
    """The certificate of a completion that granted or renewed a qualification (bytes)."""
    grant = completion.grant
    person = completion.registration.person
    course = completion.course
    qualification = grant.qualification
    # The certificate is in Japanese whatever the trainer's language: 様 goes with the name.
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

    document = pdf.Document(title, language=settings.LANGUAGE_CODE, margin=25)
    document.add_page()
    document.set_y(35)
    document.paragraph(title, size=28, height=16, align="C")
    document.ln(14)
    document.paragraph(f"{person.name} 様", size=22, height=14, align="C")
    document.ln(10)
    document.paragraph(text, size=13, height=9)
    document.ln(8)
    rows = [(labels["date"], _date(completion.completed_on))]
    if grant.valid_until:
        rows.append((labels["valid"], _date(grant.valid_until)))
    rows.append((labels["number"], grant.certificate_number))
    for label, value in rows:
        document.cell(55, 9, label)
        document.cell(0, 9, value, new_x="LMARGIN", new_y="NEXT")

    document.qr_code(verification_url(grant.certificate_number, request), x=25, y=200, size=40)
    document.set_xy(70, 210)
    document.paragraph(labels["verify"], size=10, height=6)
    return document.to_bytes()
