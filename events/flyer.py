"""An event's printable flyer (チラシ): one A4 page in the page's language for notice boards,
community centres and 回覧板 — what, when (Tokyo time), where, fee, support, how to register, who
organises and whom to ask, and a QR code to the event page. Public facts only: nothing about
registrants. Built on `cms.core.pdf` and kept in the cache until anything printed changes."""

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from fpdf.enums import TextEmphasis, WrapMode
from fpdf.fonts import FontFace
from wagtail import hooks

from cms.core import pdf
from cms.core.models import PlatformSettings
from events.models import EventPage
from events.platforms import address
from events.queries.listing import localized_quotas

MARGIN = 18
LABEL_WIDTH = 36  # mm
QR_SIZE = 42  # mm: read from a notice board at arm's length


def _organiser(page):
    """The organiser's page, when it is published (an unpublished one has no public contact)."""
    organiser = page.organiser
    return organiser if organiser is not None and organiser.live else None


def _contact(page):
    """Whom to ask: the organiser's public phone and e-mail, else the secretariat's."""
    organiser = _organiser(page)
    if organiser is not None and (organiser.phone or organiser.email):
        return organiser.title, organiser.phone, organiser.email
    site = page.get_site()
    settings = PlatformSettings.for_site(site) if site else None
    if settings is not None and (settings.phone or settings.email):
        return settings.secretariat_name, settings.phone, settings.email
    return None


def _listing(items):
    return pgettext("list separator", ", ").join(str(item) for item in items)


def _hook_rows(page):
    """Rows other apps print on the flyer (sponsors), through the "event_flyer_rows" hook:
    each function takes the page and returns [(label, text)]."""
    return [row for fn in hooks.get_hooks("event_flyer_rows") for row in fn(page)]


def flyer_version(page):
    """Changes whenever anything printed on the flyer may have changed: the published page, the
    capacities, the organiser's public contact, the secretariat's, the platform's name."""
    source = page.source
    site = page.get_site()
    organisers = [_organiser(page), *page.co_organisers.all()]
    return (
        page.pk,
        page.live_revision_id,
        page.last_published_at,
        source.pk,
        source.live_revision_id,
        list(source.quotas.values_list("pk", "label", "mode", "capacity")),
        [(o.pk, o.live, o.live_revision_id) for o in organisers if o is not None],
        _contact(page),
        site.root_page.localized.title if site else "",
        source.registration_state(),
        _hook_rows(page),
    )


def cached_flyer(page):
    return pdf.cached("event-flyer", flyer_version(page), lambda: build_flyer(page))


def _facts(page, source):
    """(label, text) rows for the table of facts, in the active language."""
    sessions = [s for s in page.sessions.all() if s.starts_at] or list(source.sessions.all())
    when = [
        pdf.labelled(s.title, pdf.format_span(s.starts_at, s.ends_at))
        if s.title and len(sessions) > 1
        else pdf.format_span(s.starts_at, s.ends_at)
        for s in sessions
    ]
    rows = [(_("When"), "\n".join(when))]
    where = []
    if page.attendance != EventPage.Attendance.ONLINE:
        where += [page.venue_name, page.venue_address]
    if page.attendance != EventPage.Attendance.ONSITE:
        where.append(_("Online: the link is sent to registrants."))
    rows.append((_("Where"), "\n".join(line for line in where if line)))
    rows.append((_("Fee"), page.fee))
    rows.append(
        (
            _("Support offered"),
            "\n".join(filter(None, [_listing(page.support_offered), page.support_note])),
        )
    )
    # The original's places (what registration holds), named in the flyer's language.
    quotas = localized_quotas(page, list(source.quotas.all()))
    places = [
        pdf.labelled(
            quota,
            ngettext("%(count)d person", "%(count)d people", quota.capacity)
            % {"count": quota.capacity},
        )
        for quota in quotas
        if quota.capacity is not None
    ]
    rows.append((_("Places"), "\n".join(places)))
    rows.append((_("How to register"), _registration(source, quotas)))
    organiser = _organiser(page)
    organisers = [organiser.title] if organiser else []
    organisers += [o.title for o in page.co_organisers.all() if o.live]
    rows.append((_("Organiser"), _listing(organisers)))
    rows += _hook_rows(page)
    contact = _contact(page)
    if contact:
        name, phone, email = contact
        lines = [
            name,
            pdf.labelled(_("Phone"), phone) if phone else "",
            pdf.labelled(_("E-mail"), email) if email else "",
        ]
        rows.append((_("Contact"), "\n".join(line for line in lines if line)))
    return [(label, text) for label, text in rows if text]


def _registration(source, quotas):
    if not quotas:
        return _("No registration needed.")
    if source.registration_state() in ("closed", "past"):
        return _("Registration has closed.")
    lines = []
    opens, closes = source.registration_opens_at, source.registration_closes_at
    if opens and closes:
        lines.append(
            _("From %(opens)s to %(closes)s")
            % {"opens": pdf.format_span(opens), "closes": pdf.format_span(closes)}
        )
    elif opens:
        lines.append(_("From %(opens)s") % {"opens": pdf.format_span(opens)})
    elif closes:
        lines.append(_("Until %(closes)s") % {"closes": pdf.format_span(closes)})
    lines.append(_("Register on the event page: scan the QR code."))
    if source.waitlist_enabled:
        lines.append(_("When it is full, you can join the waitlist."))
    return "\n".join(lines)


def build_flyer(page):
    """The flyer of an event page, in the page's language, as PDF bytes."""
    source = page.source
    language = page.locale.language_code
    with translation.override(language):
        site = page.get_site()
        platform = site.root_page.localized.title if site else ""
        document = pdf.Document(page.title, language=language, margin=MARGIN)
        document.add_page()
        width = document.epw

        document.set_text_color(90)
        document.paragraph(
            " · ".join(filter(None, [platform, page.get_category_display()])), size=10
        )
        document.set_text_color(0)
        document.ln(2)
        if source.cancelled_at:
            document.set_text_color(170, 0, 0)
            document.paragraph(_("This event has been cancelled."), size=16, bold=True)
            document.set_text_color(0)
            document.ln(2)
        document.paragraph(page.title, size=24, bold=True, height=11)
        document.ln(3)
        document.paragraph(page.summary, size=12.5, height=7)
        document.ln(5)

        with document.table(
            col_widths=(LABEL_WIDTH, width - LABEL_WIDTH),
            first_row_as_headings=False,
            borders_layout="HORIZONTAL_LINES",
            text_align="LEFT",
            v_align="TOP",
            line_height=6.5,
            padding=(2.5, 2, 2.5, 0),
            wrapmode=document.wrapmode,
        ) as table:
            for label, text in _facts(page, source):
                row = table.row()
                row.cell(label, style=FontFace(emphasis=TextEmphasis.B, size_pt=11))
                row.cell(text, style=FontFace(size_pt=11))

        url = address(page)
        if document.get_y() + QR_SIZE + 10 > document.page_break_trigger:
            document.add_page()
        document.ln(8)
        top = document.get_y()
        text_width = width - QR_SIZE - 6
        document.paragraph(
            _("Details and registration"), size=14, bold=True, height=8, width=text_width
        )
        document.paragraph(
            _("Scan the code with your phone's camera, or type this address:"),
            size=10.5,
            height=6,
            width=text_width,
        )
        document.set_font(pdf.FAMILY, size=10)
        # An address breaks anywhere; it has no words.
        document.multi_cell(
            text_width, 5.5, url, wrapmode=WrapMode.CHAR, new_x="LMARGIN", new_y="NEXT"
        )
        document.qr_code(url, x=document.l_margin + width - QR_SIZE, y=top, size=QR_SIZE)
        document.set_y(max(document.get_y(), top + QR_SIZE))
        return document.to_bytes()
