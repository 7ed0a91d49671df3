from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cms.core import platform as platforms
from cms.core.params import parse_ints
from cms.core.ratelimit import rate_limited
from cms.core.text import normalise
from cms.people import erasure, mypage, services
from cms.people.forms import MyPageLinkForm
from cms.people.models import Person
from cms.people.retention import held
from cms.people.services import qualification_status, verify_certificate

# The referrer of the private pages whose address holds a token and that have a form: it stays
# on this site, so their links out do not carry the token away, while their own POSTs keep the
# Origin that Django's CSRF check compares ("no-referrer" would make browsers send "null",
# which it refuses: the form would fail with a 403).
SAME_ORIGIN = "same-origin"


@require_safe
def verify_certificate_view(request):
    """Anyone holding a certificate can have it checked here. It confirms the holder's name,
    the qualification and its validity — nothing else about the person."""
    number = request.GET.get("number", "")
    grant = verify_certificate(number, platforms.of_request(request)) if number else None
    context = {"number": number[:40], "grant": grant}
    if grant is not None:
        context["status"] = qualification_status(grant)
        context["qualification"] = grant.qualification.localized
    status = 404 if number and grant is None else 200
    response = render(request, "people/verify_certificate.html", context, status=status)
    response["X-Robots-Tag"] = "noindex"
    # It names the holder: personal data, never in a shared cache (cms/core/pagecache.py).
    patch_cache_control(response, private=True)
    return response


@rate_limited("mail")
@require_POST
def request_contact_link_view(request):
    """From the verification page: mail the holder the link to their contact choice. The
    answer is the same whatever happened, so it tells nobody whether the holder has an
    address on file."""
    number = normalise(request.POST.get("number", ""))[:40]
    services.request_contact_link(number, platforms.of_request(request))
    response = render(request, "people/contact_link_sent.html", {"number": number})
    response["X-Robots-Tag"] = "noindex"
    return response


@rate_limited("action")
def volunteer_contact_view(request, token):
    """The private page where a supporter chooses whether volunteer roles may contact them."""
    access = services.resolve_token(token, services.VOLUNTEER_CONTACT)
    if access is None:
        return render(request, "people/contact_link_invalid.html", status=404)
    person = access.person
    if request.method == "POST":
        choices = parse_ints(request.POST.getlist("grant"))
        services.set_volunteer_contact(person, choices)
        messages.success(request, _("Your choice is saved."))
        return redirect(request.path)
    grants = list(services.contact_grants(person))
    for grant in grants:
        grant.status = qualification_status(grant)
        grant.qualification_label = grant.qualification.localized
    response = render(
        request, "people/volunteer_contact.html", {"person": person, "grants": grants}
    )
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = SAME_ORIGIN
    return response


def _private(response):
    """Pages about erasing one's data: kept by no cache (the erased page too, which follows a
    private one), indexed by no robot, their referrer kept on this site (SAME_ORIGIN)."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = SAME_ORIGIN
    return response


@rate_limited("action")
@require_http_methods(["GET", "POST"])
def erase_my_data_view(request, token):
    """Reached from the button on a registration's, pledge's or volunteer's private page: what
    erasing one's data does, and the button that does it (the confirmation step). The link
    lasts an hour; an expired one answers a page that offers a new link by mail."""
    access = services.resolve_token(token, services.ERASE_MY_DATA)
    action = request.POST.get("action") if request.method == "POST" else None
    context = {"minutes": int(erasure.LINK_FOR.total_seconds() // 60)}
    if access is None:
        if erasure.erased_by_link(token):
            return redirect("people:erased")  # the button pressed twice
        if action == "new_link":
            erasure.send_new_erasure_link(token)
            return _private(render(request, "people/erase_link_sent.html"))
        return _private(render(request, "people/erase_link_expired.html", context, status=404))
    if action == "erase":
        erasure.erase_own_data(access.person)
        return redirect("people:erased")
    people = Person.objects.filter(pk=access.person_id)
    context.update({"records": services.records_of(people), "held": held(people).exists()})
    return _private(render(request, "people/erase_my_data.html", context))


@require_safe
def erased_view(request):
    """After erasing one's data: says it is done, and shows nothing about anyone."""
    return _private(render(request, "people/erased.html"))


def _my_page(response):
    """My page's answers: kept by no cache, indexed by no robot, their referrer kept on this
    site (SAME_ORIGIN)."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = SAME_ORIGIN
    return response


@rate_limited("mail")
@require_http_methods(["GET", "POST"])
def my_page_request_view(request):
    """Where a resident asks for the link to my page. The answer is the same whether the
    address is known or not (the mail goes only where it is), so it tells nobody who signed
    up; a fresh page (not a redirect) keeps the address typed, to catch a typo."""
    form = MyPageLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        mypage.request_link(platforms.of_request(request), form.cleaned_data["email"])
        return _my_page(
            render(request, "people/mypage/sent.html", {"email": form.cleaned_data["email"]})
        )
    return _my_page(render(request, "people/mypage/request.html", {"form": form}))


@rate_limited("action")
@require_safe
def my_page_view(request, token):
    """My page: everything the person signed up for on this platform, a section per app."""
    access = mypage.resolve(token)
    if access is None:
        return invalid_link(request)
    people = mypage.people_of(access)
    context = {"sections": mypage.sections(people, token), "token": token}
    return _my_page(render(request, "people/mypage/page.html", context))


def invalid_link(request):
    """The answer to a my-page link that opens nothing (unknown, replaced, expired, or a
    record that is not the person's): a page that asks for a new one, never an error."""
    form = MyPageLinkForm()
    return _my_page(render(request, "people/mypage/invalid.html", {"form": form}, status=404))
