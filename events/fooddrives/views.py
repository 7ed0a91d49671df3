"""Public views of food drives: the list, the drive page with its pledge form, the thank-you
page and the private link. Thin: the rules live in services. Amounts and pledges belong to the
original-language page (`FoodDrivePage.source`); a translation shows them in its language."""

import uuid
from dataclasses import replace

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from wagtail import hooks
from wagtail.models import Locale

from cms.core.inline_translation import lend_words
from cms.core.ratelimit import rate_limited
from cms.people.erasure import erasure_path
from cms.people.services import privacy_notice_version, resolve_token
from events.fooddrives import queries, services
from events.fooddrives.documents import receipt_response
from events.fooddrives.forms import PledgeForm
from events.fooddrives.models import FoodDrivePage, Pledge
from events.fooddrives.services import PledgeError

SESSION_KEY = "fooddrives_pledged"
PAST_PER_PAGE = 20


def _source(page):
    """The original-language page, looked up once per request (`source` queries each time)."""
    if not hasattr(page, "_source_page"):
        page._source_page = page.source
    return page._source_page


def item_totals(drive):
    """queries.item_totals, and nothing counted yet for items not saved yet (an editor's
    preview shows the items as typed in the admin form)."""
    items = list(drive.items.all())
    counted = {row.item.pk: row for row in queries.item_totals(drive, [i for i in items if i.pk])}
    return [counted.get(item.pk) or queries.ItemTotals(item) for item in items]


def localize_rows(page, source, totals, points):
    """The original's wanted items and drop-off points (their ids, targets and amounts: what
    pledges name) in the words of the translation shown (names, units, notes, addresses,
    hours)."""
    if page.pk == source.pk or not page.pk:
        return totals, points
    items = lend_words([row.item for row in totals], page.items.all())
    totals = [replace(row, item=item) for row, item in zip(totals, items, strict=True)]
    return totals, lend_words(points, page.points.all()) if points else points


def page_rows(page):
    """What the page lists and the form offers: its original's items and their totals, and
    its drop-off points, in the page's language."""
    source = _source(page)
    return localize_rows(page, source, item_totals(source), list(source.points.all()))


def drive_context(page, request, form=None):
    source = _source(page)
    now = timezone.now()
    state = source.pledge_state(now)
    if form is not None:
        totals, points = form.totals, list(form.points.values())
    else:
        totals, points = page_rows(page)
    context = {
        "drive": source,
        "pledge_state": state,
        "state_message": PledgeError(state).message if state != "open" else "",
        "totals": totals,
        "points": points,
        "closes_at": source.closes_at(),
        "all_reached": bool(totals) and all(row.reached for row in totals),
    }
    if state == "open" and (form is not None or not context["all_reached"]):
        context["form"] = form or PledgeForm(drive=source, totals=totals, points=points)
    # What other apps add to the page (volunteers: the drive's volunteer opportunities),
    # through the "food_drive_page_slots" hook: each function takes (page, request) and
    # returns HTML or "".
    context["slots"] = [
        html for fn in hooks.get_hooks("food_drive_page_slots") if (html := fn(page, request))
    ]
    return context


@rate_limited("form")
def drive_page(request, page):
    if request.method != "POST":
        return _render_page(request, page)
    source = _source(page)
    totals, points = page_rows(page)
    form = PledgeForm(request.POST, drive=source, totals=totals, points=points)
    if form.is_valid():
        try:
            pledge, created = services.pledge(
                source,
                **form.pledge_arguments(),
                consent_version=privacy_notice_version(page.get_site()),
            )
        except PledgeError as error:
            form.add_refusal(error)
        else:
            # The same form sent twice returns the first pledge: its details are shown only
            # to the browser that made it.
            mine = created or request.session.get(SESSION_KEY) == str(pledge.reference)
            request.session[SESSION_KEY] = str(pledge.reference) if mine else ""
            return HttpResponseRedirect(page.get_url(request) + "pledged/")
    return _render_page(request, page, form)


def _render_page(request, page, form=None):
    context = page.get_context(request, form=form)
    return TemplateResponse(request, page.get_template(request), context)


def _pledge_details(queryset):
    return queryset.select_related("person", "point", "drive").prefetch_related("lines__item")


def pledged(request, page):
    """Thank you: what was pledged, where and when, for the browser that pledged only."""
    reference = request.session.get(SESSION_KEY)
    if reference == "":
        return TemplateResponse(request, "fooddrives/pledged.html", {"page": page})
    try:
        reference = uuid.UUID(reference or "")
    except ValueError:
        return redirect(page.get_url(request))
    pledge = _pledge_details(Pledge.objects.filter(reference=reference, drive=_source(page)))
    pledge = pledge.first()
    if pledge is None:
        return redirect(page.get_url(request))
    return TemplateResponse(
        request,
        "fooddrives/pledged.html",
        {"page": page, "pledge": pledge, "lines": list(pledge.lines.all())},
    )


@rate_limited("action")
def manage_pledge(request, reference, token):
    """The private link: see one's pledge and its status, cancel it while it is open."""
    pledge = _pledge_details(Pledge.objects.filter(reference=reference)).first()
    if pledge is None or resolve_token(token, pledge.token_purpose) is None:
        return TemplateResponse(request, "events/link_invalid.html", status=404)
    if request.method == "POST":
        if request.POST.get("action") == "erase_my_data":
            return redirect(erasure_path(pledge.person))
        try:
            if request.POST.get("action") != "cancel":
                raise PledgeError("not_allowed")
            services.cancel_pledge(pledge)
            messages.success(request, _("Your pledge is cancelled. Thank you for letting us know."))
        except PledgeError as error:
            messages.error(request, error.message)
        return redirect(request.path)
    return TemplateResponse(
        request,
        "fooddrives/manage.html",
        {
            "pledge": pledge,
            "drive": pledge.drive.localized,
            "lines": list(pledge.lines.all()),
            "receipt_url": reverse("fooddrives:pledge_receipt", args=[reference, token]),
        },
    )


def donor_receipt(request, pledge, back):
    """The donor's receipt of what was received of their pledge, issued on the first download
    (the same number after): before anything was received, back to `back` with a message that
    says so."""
    try:
        receipt = services.issue_receipt(pledge=pledge)
    except PledgeError as error:
        messages.info(request, error.message)
        return redirect(back)
    # in the language the donor chose for their mails (issue 20), as the pledge's mails are
    return receipt_response(receipt, download=True, language=pledge.person.language or "ja")


@require_GET
def manage_pledge_receipt(request, reference, token):
    """The receipt, from the pledge's private link."""
    pledge = _pledge_details(Pledge.objects.filter(reference=reference)).first()
    if pledge is None or resolve_token(token, pledge.token_purpose) is None:
        return TemplateResponse(request, "events/link_invalid.html", status=404)
    return donor_receipt(request, pledge, reverse("fooddrives:pledge", args=[reference, token]))


def _localize(pages, locale_id):
    """pages (of the original language), each replaced by its live translation into the
    index's language where there is one; one query."""
    if not pages or pages[0].locale_id == locale_id:
        return pages
    translations = {
        page.translation_key: page
        for page in FoodDrivePage.objects.live().filter(
            locale_id=locale_id, translation_key__in=[p.translation_key for p in pages]
        )
    }
    return [translations.get(p.translation_key, p) for p in pages]


def drive_listing(index, request):
    """Drives that take pledges now, with how far each item is from its target; then the
    past ones with what was collected. A translated index lists the drives of its original
    and shows each in its language where translated, in Japanese otherwise."""
    default = Locale.get_default()
    source_index = (
        index if index.locale_id == default.pk else index.get_translation_or_none(default) or index
    )
    now = timezone.now()
    drives = FoodDrivePage.objects.live().public().child_of(source_index)
    open_drives = list(
        queries.open_drives(now)
        .filter(pk__in=drives.values("pk"))
        .select_related("locale")
        .order_by("collection_ends_on", "pk")
    )
    past = (
        drives.exclude(pk__in=[d.pk for d in open_drives])
        .select_related("locale")
        .order_by("-collection_ends_on", "-pk")
    )
    past_page = Paginator(past, PAST_PER_PAGE).get_page(request.GET.get("page"))
    past_drives = list(past_page.object_list)
    figures = {row["drive"].pk: row for row in queries.drive_figures(past_drives)}
    totals = queries.totals_by_drive(open_drives)
    shown_open = _localize(open_drives, index.locale_id)
    shown_past = _localize(past_drives, index.locale_id)
    # The translations' wanted food, in one query, to name the originals' items in their words.
    translated = [s for s, d in zip(shown_open, open_drives, strict=True) if s.pk != d.pk]
    prefetch_related_objects(translated, "items")
    return {
        "open_drives": [
            {
                "page": shown,
                "totals": localize_rows(shown, drive, totals[drive.pk], [])[0],
                "prefix": f"d{drive.pk}-",
            }
            for drive, shown in zip(open_drives, shown_open, strict=True)
        ],
        "past_drives": [
            {
                "page": shown,
                "state": drive.pledge_state(now),
                "collected": [
                    {"name": name, "unit": unit, "quantity": amounts["received"]}
                    for (name, unit), amounts in figures[drive.pk]["amounts"].items()
                    if amounts["received"]
                ],
            }
            for drive, shown in zip(past_drives, shown_past, strict=True)
        ],
        "past_page": past_page,
        "untranslated": any(
            shown.locale_id != index.locale_id for shown in shown_open + shown_past
        ),
    }
