"""Volunteers' private links (`cms.people` tokens): what each kind is for, the volunteer a link
opens, and the page for a link that opens nothing. Pages and feeds resolve them here; the mails
issue them at delivery (`volunteers.tasks`)."""

from datetime import timedelta

from django.template.response import TemplateResponse

from cms.people.services import resolve_token
from volunteers.models import Volunteer

#: Private link to my page; the calendar feed has its own, revocable on its own.
MY_PAGE = "volunteer"
CALENDAR = "volunteer-calendar"
CONFIRM = "volunteer-confirm"
CONFIRM_VALID = timedelta(days=7)


def volunteer_for(token, purpose=MY_PAGE):
    """The volunteer a live link of this purpose opens, or None."""
    return volunteer_of(resolve_token(token, purpose))


def volunteer_of(access):
    """The volunteer of a resolved token (also one a phone remembers), or None."""
    if access is None:
        return None
    return Volunteer.objects.filter(person=access.person).select_related("person").first()


def invalid_link(request):
    return TemplateResponse(request, "volunteers/link_invalid.html", status=404)
