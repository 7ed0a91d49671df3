"""The registrations and waitlist places on my page (`cms.people.mypage`), and what the person
does with them there: cancel (after a confirmation), change companions, download the .ics.
Each action checks the my-page token and that the registration is one of its people's, then
calls the same service as the registration's own private link."""

from django.contrib import messages
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cms.core import ical
from cms.core.ratelimit import rate_limited
from cms.people import mypage
from cms.people import views as mypage_views
from events import services
from events.capacity import LIVE, Status
from events.discreet import neutral_title
from events.forms import CompanionsForm
from events.models import EventPage, Registration, not_over
from events.private_feeds import registrant_occurrences
from events.views import cancel_and_say_so

#: Those the person can still change from my page (as on the registration's own page).
CHANGEABLE = (Status.CONFIRMED, Status.WAITLISTED, Status.OFFERED)


def can_change(registration, now=None):
    return registration.status in CHANGEABLE and registration.event.registration_state(now) not in (
        "past",
        "cancelled",
    )


def registrations_section(people, token, now):
    """Every live registration of `people` for an event not over: three queries (four with a discreet event).
    A waiting place's position in its quota's line comes in the same query (`_ahead`)."""
    registrations = list(
        Registration.objects.filter(person__in=people, status__in=LIVE)
        .filter(**{"event__in": EventPage.objects.filter(not_over(now))})
        .select_related("event", "quota")
        .annotate(ahead=_ahead())
        .order_by("event__starts_at", "pk")
    )
    titles = mypage.localized_titles(EventPage, [r.event for r in registrations])
    discreet = [r.event for r in registrations if r.event.discreet]
    neutral = mypage.localized_titles(EventPage, discreet, field="discreet_title")
    rows = [
        {
            "registration": r,
            "title": neutral_title(r.event, neutral.get(r.event.translation_key, ""))
            if r.event.discreet
            else titles.get(r.event.translation_key, r.event.title),
            "waiting": r.status == Status.WAITLISTED,
            # As capacity.waitlist_position: 1 for the first in line.
            "position": r.ahead + 1 if r.status == Status.WAITLISTED else None,
            "offered": r.status == Status.OFFERED,
            "can_change": can_change(r, now),
            "companions_form": CompanionsForm(
                initial={"companions": r.companions},
                registration=r,
                prefix=f"r{r.pk}",
            ),
        }
        for r in registrations
    ]
    return mypage.Section(
        key="registrations",
        title=gettext_lazy("Events: registrations and waitlist places"),
        template="events/includes/my_page_registrations.html",
        rows=rows,
        order=10,
    )


def _ahead():
    """How many wait before the registration in its quota's line: a subquery of the list's
    own query, so the positions cost no query of their own however many places wait."""
    before = (
        Registration.objects.filter(
            quota=OuterRef("quota"),
            status=Status.WAITLISTED,
            queued_at__lt=OuterRef("queued_at"),
        )
        .order_by()
        .values("quota")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(before, output_field=IntegerField()), Value(0))


def _own(token, reference):
    """The registration `reference` if it is of the people my page's `token` covers."""
    people = mypage.owner(token)
    if people is None:
        return None
    return (
        Registration.objects.filter(reference=reference, person__in=people)
        .select_related("event", "quota", "person")
        .first()
    )


def _invalid(request):
    return mypage_views.invalid_link(request)


@rate_limited("action")
@require_http_methods(["GET", "POST"])
def cancel(request, token, reference):
    """GET: what cancelling means, and the button; POST: cancel, back to my page."""
    registration = _own(token, reference)
    if registration is None:
        return _invalid(request)
    if request.method == "POST":
        cancel_and_say_so(request, registration)
        return redirect("people:my_page", token=token)
    titles = mypage.localized_titles(EventPage, [registration.event])
    event = registration.event
    context = {
        "registration": registration,
        "title": neutral_title(event)
        if event.discreet
        else titles.get(event.translation_key, event.title),
        "can_change": can_change(registration),
        "token": token,
    }
    return TemplateResponse(request, "events/my_page_cancel.html", context)


@rate_limited("action")
@require_http_methods(["GET", "POST"])
def accept(request, token, reference):
    """An offered waitlist place: GET asks, POST takes it (the same service as the
    registration's own link), back to my page."""
    registration = _own(token, reference)
    if registration is None:
        return _invalid(request)
    if request.method == "POST":
        try:
            services.accept_offer(registration)
        except services.RegistrationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The place is yours."))
        return redirect("people:my_page", token=token)
    event = registration.event
    titles = mypage.localized_titles(EventPage, [event])
    context = {
        "registration": registration,
        "title": neutral_title(event)
        if event.discreet
        else titles.get(event.translation_key, event.title),
        "offered": registration.status == Status.OFFERED and can_change(registration),
        "token": token,
    }
    return TemplateResponse(request, "events/my_page_accept.html", context)


@rate_limited("action")
@require_POST
def companions(request, token, reference):
    registration = _own(token, reference)
    if registration is None:
        return _invalid(request)
    form = CompanionsForm(request.POST, registration=registration, prefix=f"r{registration.pk}")
    try:
        services.change_companions(registration, form.chosen())
    except services.RegistrationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your number of companions is changed."))
    return redirect("people:my_page", token=token)


@require_safe
def calendar(request, token, reference):
    """The event's sessions as an .ics file to download (a discreet event says only "Your
    booking"), with the online meeting link for a person taking part online: the file is
    theirs, asked for with their my-page token, and sent `private, no-store` (never kept by
    the page cache nor a shared proxy)."""
    registration = _own(token, reference)
    if registration is None:
        return _invalid(request)
    response = ical.calendar_response(
        request,
        version=None,
        build=lambda: registrant_occurrences(request, [registration], online_link=True),
        name=_("My events"),
        filename=f"event-{registration.event_id}.ics",
        private=True,
    )
    response["Content-Disposition"] = f'attachment; filename="event-{registration.event_id}.ics"'
    return response
