"""The pledges on my page (`cms.people.mypage`), cancelling one there after a confirmation
step, through the same service as the pledge's own private link, and the receipt of what
was received."""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from cms.core.ratelimit import rate_limited
from cms.people import mypage
from cms.people.views import invalid_link
from events.fooddrives import services
from events.fooddrives.models import FoodDrivePage, Pledge
from events.fooddrives.services import PledgeError
from events.fooddrives.views import donor_receipt


def _details(queryset):
    return queryset.select_related("drive", "point").prefetch_related("lines__item")


def pledges_section(people, token, now):
    """Every pledge of `people` not cancelled, the coming drop-offs first: four queries."""
    pledges = list(
        _details(
            Pledge.objects.filter(person__in=people).exclude(status=Pledge.Status.CANCELLED)
        ).order_by("-drop_off_on", "-pk")
    )
    titles = mypage.localized_titles(FoodDrivePage, [p.drive for p in pledges])
    rows = [
        {
            "pledge": p,
            "title": titles.get(p.drive.translation_key, p.drive.title),
            "lines": list(p.lines.all()),
        }
        for p in pledges
    ]
    return mypage.Section(
        key="pledges",
        title=gettext_lazy("Food drives: your pledges"),
        template="fooddrives/includes/my_page_pledges.html",
        rows=rows,
        order=30,
    )


@rate_limited("action")
@require_http_methods(["GET", "POST"])
def cancel(request, token, reference):
    """GET: the pledge and the button that cancels it; POST: cancel, back to my page."""
    people = mypage.owner(token)
    pledge = (
        None
        if people is None
        else _details(Pledge.objects.filter(reference=reference, person__in=people)).first()
    )
    if pledge is None:
        return invalid_link(request)
    if request.method == "POST":
        try:
            services.cancel_pledge(pledge)
        except PledgeError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your pledge is cancelled. Thank you for letting us know."))
        return redirect("people:my_page", token=token)
    titles = mypage.localized_titles(FoodDrivePage, [pledge.drive])
    context = {
        "pledge": pledge,
        "title": titles.get(pledge.drive.translation_key, pledge.drive.title),
        "lines": list(pledge.lines.all()),
        "token": token,
    }
    return TemplateResponse(request, "fooddrives/my_page_cancel.html", context)


@require_GET
def receipt(request, token, reference):
    """The receipt of a pledge of the person's, from my page."""
    people = mypage.owner(token)
    pledge = (
        None
        if people is None
        else Pledge.objects.filter(reference=reference, person__in=people)
        .select_related("person", "drive")
        .first()
    )
    if pledge is None:
        return invalid_link(request)
    return donor_receipt(request, pledge, reverse("people:my_page", args=[token]))
