"""Mails to volunteers, run by django-q2. Every mail is a `VolunteerMail` row written by the
services in the transaction of the change; `deliver_mail` sends it once, with retries
(`cms.core.outbox`). Links are made here, at delivery, so that no token ever sits in the
outbox or the task queue."""

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cms.core import outbox
from cms.core import platform as platforms
from cms.people.services import issue_token
from events.capacity import HOLDING, LIVE, Status
from volunteers import links, services
from volunteers.models import VolunteerMail

Kind = VolunteerMail.Kind


def _absolute(volunteer, path):
    """A link on the volunteer's platform's own address."""
    return platforms.base_url(volunteer.person.platform) + path


def my_page_link(volunteer, opportunity=None):
    """A new private link to the volunteer's page, or straight to the shifts of the
    opportunity whose kiosk they came from. Call with the volunteer's language active."""
    raw = issue_token(volunteer.person, links.MY_PAGE)
    if opportunity is None:
        return _absolute(volunteer, reverse("volunteers:my_page", kwargs={"token": raw}))
    path = reverse("volunteers:my_shifts", kwargs={"token": raw})
    return _absolute(volunteer, f"{path}?{urlencode({'opportunity': opportunity.pk})}")


def confirmation_link(volunteer, opportunity=None):
    raw = issue_token(
        volunteer.person,
        links.CONFIRM,
        expires_at=timezone.now() + links.CONFIRM_VALID,
    )
    path = reverse("volunteers:confirm", kwargs={"token": raw})
    if opportunity is None:
        return _absolute(volunteer, path)
    return _absolute(volunteer, f"{path}?{urlencode({'opportunity': opportunity.pk})}")


def still_due(mail):
    """Why a mail about a sign-up has nothing to say any more (None if it still has)."""
    signup = mail.signup
    if mail.kind in (Kind.PLACE_OPENED, Kind.TOOK_OVER) and signup.status not in HOLDING:
        return "no longer on the shift"
    if mail.kind == Kind.REMINDER and (
        signup.status != Status.CONFIRMED or signup.shift.cancelled_at
    ):
        return "no longer on the shift"
    if mail.kind == Kind.SWAP_OFFERED and not signup.swap_pending:
        return "offer no longer open"
    if mail.kind == Kind.SHIFT_MESSAGE and signup.status not in LIVE:
        return "no longer on the shift"
    return None


# The subject of each mail about a shift; its body is the template named like the kind.
SUBJECTS = {
    Kind.PLACE_OPENED: _("A place opened up for you"),
    Kind.SHIFT_CANCELLED: _("Your shift is cancelled"),
    Kind.REMINDER: _("Reminder: your shift tomorrow"),
    Kind.SWAP_OFFERED: _("Your place is offered for swap"),
    Kind.HANDED_OVER: _("Your place has been passed on"),
    Kind.TOOK_OVER: _("You have taken over a place"),
}


def mail_parts(mail):
    """The body's template name, the subject and the link of a mail, with the volunteer's
    language active.

    Confirmation or page link is decided now: whoever asks again before confirming gets the
    confirmation, which leads on to the page (a page link alone would leave them unable to
    sign up); whoever confirmed in the meantime gets the page."""
    volunteer = mail.volunteer
    if mail.kind in (Kind.CONFIRM, Kind.LINK) and volunteer.email_confirmed_at is None:
        link = confirmation_link(volunteer, mail.opportunity)
        return "confirm", gettext("Please confirm your e-mail address"), {"link": link}
    if mail.kind in (Kind.CONFIRM, Kind.LINK):
        link = my_page_link(volunteer, mail.opportunity)
        return "link", gettext("Your volunteer page"), {"link": link}
    if mail.kind == Kind.SHIFT_MESSAGE:
        context = {"message": mail.shift_message, "link": my_page_link(volunteer)}
        return "shift_message", mail.shift_message.subject, context
    return mail.kind, str(SUBJECTS[mail.kind]), {"link": my_page_link(volunteer)}


def deliver_mail(mail_id):
    return outbox.deliver_row("volunteers.VolunteerMail", mail_id)


def send_reminders():
    """Scheduled every 15 minutes (migration 0002): write the day-before reminders."""
    return services.queue_reminders()
