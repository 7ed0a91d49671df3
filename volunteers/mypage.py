"""The volunteer's part of my page (`cms.people.mypage`): their coming shifts, and the way to
their own volunteer page, where shifts are cancelled, swapped and signed up for (its rules stay
there). My page opens it with a new link of its own, short-lived: the one in the volunteer's
mails keeps working."""

from datetime import timedelta

from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cms.core.ratelimit import rate_limited
from cms.people import mypage
from cms.people.services import issue_token
from cms.people.views import invalid_link
from events.capacity import LIVE
from volunteers import links
from volunteers.models import Role, ShiftSignup, Volunteer, VolunteerOpportunity, translated

#: How long the link my page opens the volunteer page with works.
OPEN_FOR = timedelta(hours=12)


def _volunteer(people):
    return (
        Volunteer.objects.filter(person__in=people, person__erased_at__isnull=True)
        .select_related("person")
        .order_by("-pk")
        .first()
    )


def shifts_section(people, token, now):
    """The volunteer's coming shifts (as their page lists them): two queries, four in a
    language other than Japanese."""
    volunteer = _volunteer(people)
    if volunteer is None:
        return None
    signups = list(
        ShiftSignup.objects.filter(
            volunteer__person__in=people, status__in=LIVE, shift__ends_at__gt=now
        )
        .select_related("shift__opportunity", "shift__role")
        .order_by("shift__starts_at", "pk")
    )
    opportunities = translated(VolunteerOpportunity, {s.shift.opportunity for s in signups})
    roles = translated(Role, {s.shift.role for s in signups})
    rows = [
        {
            "signup": s,
            "opportunity": opportunities[s.shift.opportunity_id],
            "role": roles[s.shift.role_id],
        }
        for s in signups
    ]
    return mypage.Section(
        key="shifts",
        title=gettext_lazy("Volunteering: your shifts"),
        template="volunteers/includes/my_page_shifts.html",
        rows=[{"volunteer": volunteer, "signups": rows}],
        order=40,
    )


@rate_limited("action")
@require_POST
def open_volunteer_page(request, token):
    """From my page to the volunteer's page, by a new link that works for `OPEN_FOR`."""
    people = mypage.owner(token)
    volunteer = None if people is None else _volunteer(people)
    if volunteer is None:
        return invalid_link(request)
    raw = issue_token(volunteer.person, links.MY_PAGE, expires_at=timezone.now() + OPEN_FOR)
    return redirect("volunteers:my_page", token=raw)
