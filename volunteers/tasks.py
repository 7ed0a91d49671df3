"""Mails to volunteers, run by django-q2. Each task is idempotent: what it sends once is
claimed under a row lock (`reminder_sent_at`, `promotion_mailed_at`), and links are made in the
task so that no token ever sits in the task queue."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from cms.people.services import issue_token
from events.capacity import LIVE
from events.tasks import platform_name
from volunteers import services
from volunteers.models import ShiftMessage, ShiftSignup, Volunteer


def _absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def my_page_link(volunteer, language):
    raw = issue_token(volunteer.person, services.MY_PAGE)
    with translation.override(language):
        return _absolute(reverse("volunteers:my_page", kwargs={"token": raw}))


def _mail(volunteer, template, subject, **context):
    person = volunteer.person
    if not person.email or person.erased_at:
        return False
    with translation.override(person.language):
        site_name = platform_name()
        context.update(volunteer=volunteer, person=person, site_name=site_name)
        if "link" not in context:
            context["link"] = my_page_link(volunteer, person.language)
        body = render_to_string(f"volunteers/mail/{template}.txt", context)
        send_mail(f"{subject} | {site_name}", body, None, [person.email])
    return True


def send_confirmation(volunteer_id):
    volunteer = Volunteer.objects.select_related("person").get(pk=volunteer_id)
    if volunteer.email_confirmed_at:
        return send_link(volunteer_id)
    raw = issue_token(
        volunteer.person,
        services.CONFIRM,
        expires_at=timezone.now() + services.CONFIRM_VALID,
    )
    with translation.override(volunteer.person.language):
        link = _absolute(reverse("volunteers:confirm", kwargs={"token": raw}))
    _mail(volunteer, "confirm", _("Please confirm your e-mail address"), link=link)
    return "sent"


def send_link(volunteer_id):
    volunteer = Volunteer.objects.select_related("person").get(pk=volunteer_id)
    if volunteer.email_confirmed_at is None:
        # Whoever asks again before confirming gets the confirmation, which leads on to the
        # page; a page link alone would leave them unable to sign up.
        return send_confirmation(volunteer_id)
    _mail(volunteer, "link", _("Your volunteer page"))
    return "sent"


def send_place_opened(signup_id):
    """ "A place opened up": once per promotion, only while the place is still theirs."""
    with transaction.atomic():
        signup = (
            ShiftSignup.objects.select_for_update(of=("self",))
            .select_related("volunteer__person", "shift__opportunity", "shift__role")
            .get(pk=signup_id)
        )
        if signup.status != "confirmed" or signup.promoted_at is None:
            return "not promoted"
        if signup.promotion_mailed_at and signup.promotion_mailed_at >= signup.promoted_at:
            return "already sent"
        signup.promotion_mailed_at = timezone.now()
        signup.save(update_fields=["promotion_mailed_at"])
        _mail(signup.volunteer, "place_opened", _("A place opened up for you"), signup=signup)
    return "sent"


def send_shift_cancelled(signup_id):
    """The shift was called off: each person on it is told once."""
    with transaction.atomic():
        signup = (
            ShiftSignup.objects.select_for_update(of=("self",))
            .select_related("volunteer__person", "shift__opportunity", "shift__role")
            .get(pk=signup_id)
        )
        if signup.cancellation_mailed_at or not signup.shift.cancelled_at:
            return "not due"
        signup.cancellation_mailed_at = timezone.now()
        signup.save(update_fields=["cancellation_mailed_at"])
        _mail(signup.volunteer, "shift_cancelled", _("Your shift is cancelled"), signup=signup)
    return "sent"


def send_shift_message(message_id):
    """A coordinator's message, to each person live on the shift, once."""
    with transaction.atomic():
        message = (
            ShiftMessage.objects.select_for_update(of=("self",))
            .select_related("shift__opportunity", "shift__role")
            .get(pk=message_id)
        )
        if message.sent_at:
            return "already sent"
        signups = ShiftSignup.objects.filter(shift=message.shift, status__in=LIVE).select_related(
            "volunteer__person", "shift__opportunity", "shift__role"
        )
        sent = 0
        for signup in signups:
            sent += _mail(
                signup.volunteer,
                "shift_message",
                message.subject,
                signup=signup,
                message=message,
            )
        message.sent_at = timezone.now()
        message.recipients = sent
        message.save(update_fields=["sent_at", "recipients"])
    return sent


def send_reminders():
    """Scheduled every 15 minutes: the day-before reminder, each sign-up once."""
    sent = 0
    for pk in services.due_reminders().values_list("pk", flat=True):
        with transaction.atomic():
            signup = (
                services.due_reminders()
                .select_for_update(of=("self",))
                .select_related("volunteer__person", "shift__opportunity", "shift__role")
                .filter(pk=pk)
                .first()
            )
            if signup is None:
                continue
            signup.reminder_sent_at = timezone.now()
            signup.save(update_fields=["reminder_sent_at"])
            if _mail(
                signup.volunteer, "reminder", _("Reminder: your shift tomorrow"), signup=signup
            ):
                sent += 1
    return sent
