from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe
from wagtail.models import Locale, Site

from cms.core import platform_map
from cms.core.pdf import pdf_response
from cms.directory import queries as directory
from cms.directory.queries import ibasho_areas, ibasho_in, windows_with_topics
from cms.directory.windows.models import AgeBand
from cms.navigator import handbook as handbook_pdf
from cms.navigator.forms import NavigatorForm, WindowFilterForm, YoungForm
from cms.navigator.queries import find_help, worries_of

WINDOWS_PER_PAGE = 50


def _private(response):
    # The answers are in the address: keep them out of shared caches and of the Referer header
    # sent to the windows' own sites.
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def navigator(request):
    """The worry navigator: questions and, once answered, the matching windows and ibasho on the
    same page. No session, no cookie, nothing stored."""
    locale = Locale.get_active()
    site = Site.find_for_request(request)
    worries = worries_of(site, locale)
    form = NavigatorForm(
        request.GET or None, worries=list(worries), areas=ibasho_areas(ibasho_in(locale, site))
    )
    result = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        result = find_help(
            locale,
            site,
            worry_slugs=data["worry"],
            age=data["age"],
            channel=data["channel"],
            area=data["area"],
            gender=data["gender"],
            foreign=data["foreign"],
            carer=data["carer"],
        )
    return _private(
        render(
            request,
            "navigator/navigator.html",
            {"form": form, "result": result},
        )
    )


@require_safe
def young(request):
    """The under-18 path (issue 21): in words for children, the lines for children first,
    shown before any answer; it asks nothing that could tell who they are, and like the
    navigator keeps nothing (the log has the names of the questions, not the answers)."""
    locale = Locale.get_active()
    site = Site.find_for_request(request)
    form = YoungForm(request.GET or None, worries=list(worries_of(site, locale)))
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    result = find_help(
        locale,
        site,
        worry_slugs=data.get("worry", ()),
        age=AgeBand.CHILD,
        channel=data.get("channel", ""),
        young_first=True,
    )
    return _private(render(request, "navigator/young.html", {"form": form, "result": result}))


def window(request, pk):
    # Another platform's window is not found here, even by its number.
    window = get_object_or_404(windows_with_topics(Site.find_for_request(request)), pk=pk)
    return _private(render(request, "navigator/window.html", {"window": window}))


def handbook(request):
    """The printable handbook of the visitor's language, built from the same data."""
    site = Site.find_for_request(request)
    title = site.root_page.localized.title if site else ""
    return pdf_response(
        handbook_pdf.cached_handbook(Locale.get_active(), site, title), "handbook.pdf"
    )


@require_safe
def windows(request):
    """The directory of every window the platform shows, local before national, with filters
    in a GET form (no JavaScript). The same for every visitor, so kept in the page cache; a
    worry in the address is not sent on to the windows' own sites."""
    locale = Locale.get_active()
    own = platform_map.of_request(request)
    every = directory.directory_windows(locale, own)
    worries = list(worries_of(Site.find_for_request(request), locale).prefetch_related("topics"))
    form = WindowFilterForm(
        request.GET or None,
        worries=worries,
        languages=directory.window_languages(every),
        municipalities=platform_map.filter_choices(own),
    )
    data = form.applied() if form.is_bound else {}
    worry = next((w for w in worries if w.slug == data.get("worry")), None)
    topic_slugs = {topic.slug for topic in worry.topics.all()} if worry else set()
    listed = directory.filter_windows(
        directory.directory_windows(locale, own, data.get("municipality")), data, topic_slugs
    )
    page_obj = Paginator(listed, WINDOWS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    response = render(
        request,
        "navigator/windows.html",
        {
            "form": form,
            "page_obj": page_obj,
            "windows": directory.label_windows(list(page_obj.object_list), own),
            "filter_query": query.urlencode(),
        },
    )
    response["Referrer-Policy"] = "no-referrer"
    return response
