"""Becoming a volunteer: joining (from the public form, or added by staff from a phone call),
confirming the address, and asking for the link to my page again. The answers never tell
whether an address belongs to a volunteer."""

from django.db import transaction
from django.utils import timezone

from cms.core import outbox
from cms.core.text import normalise_email
from cms.people.queries import email_is
from cms.people.services import issue_token, new_person, record_consent, revoke_tokens, touch
from volunteers import links
from volunteers.models import Volunteer
from volunteers.services import mails
from volunteers.services.mails import Kind

CONSENT_PURPOSE = "volunteer"


def _mail_link(volunteer, opportunity=None):
    """The link to my page, asked for from a public form (capped like every such mail)."""
    if outbox.at_hourly_cap(volunteer.mails.filter(kind=Kind.LINK)):
        return None
    return mails.write(volunteer, Kind.LINK, opportunity=opportunity)


@transaction.atomic
def register_volunteer(
    platform,
    *,
    name,
    email,
    name_kana="",
    phone="",
    language="ja",
    languages=(),
    skills=(),
    consent_version="",
    staff_user=None,
    opportunity=None,
):
    """Sign someone up as a volunteer of `platform`, or, if the address is already known
    there, only send the link again: the page says the same either way, so nobody learns who volunteers. Returns
    (volunteer, created). `opportunity`: joined from its kiosk page, so the mail's link leads
    on to its shifts."""
    email = normalise_email(email or "")
    existing = None
    if email:
        existing = (
            Volunteer.objects.select_for_update(of=("self",), no_key=True)
            .filter(email_is(platform, email, "person__email"), person__erased_at__isnull=True)
            .select_related("person")
            .first()
        )
    if existing is not None:
        _mail_link(existing, opportunity)
        return existing, False
    person = new_person(
        platform,
        name=name,
        name_kana=name_kana,
        email=email,
        phone=phone,
        language=language,
        last_active_at=timezone.now(),
    )
    volunteer = Volunteer.objects.create(
        person=person,
        languages=list(languages),
        skills=list(skills),
        created_by=staff_user,
        # Staff heard the address from the person (paper, phone): no loop through a mail.
        email_confirmed_at=timezone.now() if staff_user is not None else None,
    )
    if consent_version:
        record_consent(person, CONSENT_PURPOSE, consent_version)
    if staff_user is None:
        mails.write(volunteer, Kind.CONFIRM, opportunity=opportunity)
    return volunteer, True


@transaction.atomic
def confirm_email(volunteer, *, now=None):
    """The volunteer followed the confirmation link: the address is confirmed, the
    confirmation links stop, and a new link to my page is made. Returns that link's token."""
    volunteer = Volunteer.objects.select_for_update(no_key=True).get(pk=volunteer.pk)
    if volunteer.email_confirmed_at is None:
        volunteer.email_confirmed_at = now or timezone.now()
        volunteer.save(update_fields=["email_confirmed_at"])
    touch(volunteer.person)
    revoke_tokens(volunteer.person, links.CONFIRM)
    return issue_token(volunteer.person, links.MY_PAGE)


@transaction.atomic
def request_link(platform, email, *, opportunity=None):
    """Send my page's link to this address if a volunteer of `platform` has it; nothing
    otherwise (and the caller says the same thing in both cases). From a kiosk page (`opportunity`), the link
    leads to that opportunity's shifts."""
    email = normalise_email(email or "")
    volunteer = (
        Volunteer.objects.filter(
            email_is(platform, email, "person__email"), person__erased_at__isnull=True
        )
        .select_related("person")
        .first()
        if email
        else None
    )
    if volunteer is not None:
        _mail_link(volunteer, opportunity)
