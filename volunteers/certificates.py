"""The volunteer-hours certificate (ボランティア活動証明書): the hours a volunteer gave, shift by
shift, as the coordinators confirmed them, for a school, an employer or a 社協 that asks for
proof. In the volunteer's language, built on `cms.core.pdf`.

Only confirmed hours count: a sign-up the coordinator checked in and out (status attended, hours
recorded). A shift checked in without a check-out, a no-show, a cancelled or future shift is
not on it."""

from decimal import Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from fpdf.enums import TextEmphasis
from fpdf.fonts import FontFace

from cms.core import era, pdf
from cms.core.models import PlatformSettings
from cms.core.platform import platform_name
from volunteers.models import Role, VolunteerOpportunity, translated
from volunteers.queries import confirmed_signups


def format_hours(hours):
    """3.50 → 3.5, 4.00 → 4: quarter hours need no more than two decimals."""
    text = f"{Decimal(hours):.2f}"
    return text.rstrip("0").rstrip(".")


def _issuer(platform):
    """The secretariat of the volunteer's platform, which signs the certificate."""
    return PlatformSettings.for_site(platform.site).secretariat_name


def hours_certificate_pdf(volunteer, *, today=None):
    """The certificate of `volunteer`'s confirmed hours, in their language (bytes)."""
    today = today or timezone.localdate()
    person = volunteer.person
    language = person.language
    signups = list(confirmed_signups(volunteer))
    total = sum((signup.hours for signup in signups), Decimal(0))
    with translation.override(language):
        roles = translated(Role, {s.shift.role for s in signups})
        opportunities = translated(VolunteerOpportunity, {s.shift.opportunity for s in signups})
        platform = platform_name(person.platform)
        title = _("Certificate of volunteer hours")
        document = pdf.Document(title, language=language, margin=22)
        document.add_page()
        document.paragraph(title, size=22, bold=True, height=12, align="C")
        document.ln(10)
        document.paragraph(
            pgettext("certificate holder", "%(name)s") % {"name": person.name},
            size=16,
            bold=True,
            height=9,
        )
        document.ln(4)
        document.paragraph(
            _(
                "This certifies that the above person took part in volunteer activities with "
                "%(platform)s as listed below."
            )
            % {"platform": platform},
            size=11.5,
            height=7,
        )
        document.ln(3)
        if signups:
            period = _("%(start)s to %(end)s") % {
                "start": pdf.format_day(signups[0].shift.starts_at),
                "end": pdf.format_day(signups[-1].shift.starts_at),
            }
        else:
            period = _("No confirmed hours yet.")
        document.paragraph(pdf.labelled(_("Period"), period), size=11.5, height=7)
        document.paragraph(
            pdf.labelled(
                _("Confirmed hours in all"), _("%(hours)s hours") % {"hours": format_hours(total)}
            ),
            size=11.5,
            bold=True,
            height=7,
        )
        document.ln(5)

        width = document.epw
        document.set_font(pdf.FAMILY, "", 10)
        with document.table(
            col_widths=(width * 0.25, width * 0.17, width * 0.45, width * 0.13),
            text_align=("LEFT", "LEFT", "LEFT", "RIGHT"),
            borders_layout="HORIZONTAL_LINES",
            line_height=6,
            padding=(1.5, 1, 1.5, 1),
            wrapmode=document.wrapmode,
            headings_style=FontFace(emphasis=TextEmphasis.B, size_pt=10),
        ) as table:
            table.row([_("Date"), _("Time"), _("Activity"), pgettext("hours worked", "Hours")])
            for signup in signups:
                shift = signup.shift
                checked_in = timezone.localtime(signup.checked_in_at)
                checked_out = timezone.localtime(signup.checked_out_at)
                role = roles[shift.role_id].name
                opportunity = opportunities[shift.opportunity_id].title
                row = table.row()
                row.cell(pdf.format_day(shift.starts_at))
                row.cell(f"{checked_in:%H:%M}–{checked_out:%H:%M}")
                row.cell(f"{role} – {opportunity}")
                row.cell(format_hours(signup.hours))
            total_row = table.row(style=FontFace(emphasis=TextEmphasis.B))
            total_row.cell(_("Total"), colspan=3)
            total_row.cell(format_hours(total))

        document.ln(6)
        document.paragraph(
            _(
                "Hours are as the coordinators confirmed them from check-in and check-out, to "
                "the nearest quarter hour."
            ),
            size=9,
            height=5,
        )
        document.ln(8)
        document.paragraph(pdf.labelled(_("Date of issue"), era.era_date(today)), size=11, height=7)
        document.paragraph(platform, size=12, bold=True, height=7)
        document.paragraph(_issuer(person.platform), size=11, height=7)
        return document.to_bytes()
