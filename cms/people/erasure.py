"""Erasing a person: by staff on their request, by the retention period, or by the person
themselves from a private link.

Erasure removes what identifies a person and what was said about them, and keeps the rows
that point at them, so that counts and reports stay true: the contact record is blanked,
every link revoked, each app's eraser clears its free text (`cms.people.retention`), and the
traces left outside their records (outbox errors, the task queue) are cleared
(`cms.people.traces`)."""

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation

from cms.core import outbox
from cms.core import platform as platforms
from cms.people.models import DataRequest, ErasureMail, Person, QualificationGrant
from cms.people.retention import expired_people, run_erasers
from cms.people.services import (
    ERASE_MY_DATA,
    SHORT_LIVED,
    find_token,
    record_data_request,
    revoke_tokens,
    rotate_token,
)
from cms.people.traces import clear_traces, identifiers

logger = logging.getLogger(__name__)

#: How long a link to the erasure page works.
LINK_FOR = SHORT_LIVED[ERASE_MY_DATA]

#: A confirmation that could not be delivered in this time is given up, and its address goes.
KEEP_CONFIRMATION_ADDRESS_FOR = timedelta(days=2)


@transaction.atomic
def _erase(person):
    """Erase one person (locked, so that two erasures of one person do the work once); returns
    the values to clear from traces, or None when the person was erased already."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.erased_at:
        return None
    values = identifiers(person)
    person.name = "—"
    person.name_kana = ""
    person.email = ""
    person.phone = ""
    person.erased_at = timezone.now()
    person.save()
    revoke_tokens(person)
    QualificationGrant.objects.filter(person=person).update(source="", revoked_reason="")
    ErasureMail.objects.filter(person=person).update(email="")
    run_erasers(person)
    return values


@transaction.atomic
def erase_person(person):
    """Erase one person and their traces; returns the person as erased."""
    values = _erase(person)
    if values is not None:
        clear_traces([person.pk], values)
    return Person.objects.get(pk=person.pk)


def _erase_all(people):
    """Erase each of `people` (each its own transaction, so that one failure does not keep the
    others), then their traces at once: the task queue is read once, not once a person."""
    erased, values = [], set()
    for person in people:
        found = _erase(person)
        if found is not None:
            erased.append(person.pk)
            values |= found
    if erased:
        clear_traces(erased, values)
    return erased


def purge_expired_people(now=None):
    """Erase everyone whose retention period has run out; return how many."""
    erased = len(_erase_all(list(expired_people(now).only("pk"))))
    forget_confirmation_addresses(now)
    # Counts only: the log must not carry who was erased.
    logger.info("Retention: erased %d people whose retention period ended", erased)
    return erased


def erase_on_request(people, user, platform):
    """Erase every record of `people` (of `platform`, to which the request was made) at their
    request, and log that it was done (not whom)."""
    people = list(people)
    if any(person.platform_id != platform.pk for person in people):
        raise ValueError("a data request covers the people of the platform it was made to")
    _erase_all(people)
    record_data_request(DataRequest.Kind.ERASURE, people, user, platform)
    logger.info("Personal data request: %d contact records erased", len(people))
    return len(people)


# Erasing one's own data ---------------------------------------------------------------------


def erasure_path(person, language=None):
    """A new link (a path) to the page where `person` erases their data, for the button on
    their private pages; the earlier ones stop, and it works for `LINK_FOR`."""
    raw = rotate_token(person, ERASE_MY_DATA)
    with translation.override(language or translation.get_language()):
        return reverse("people:erase_my_data", args=[raw])


def erasure_link(person, language):
    """The same, as a full address for a mail, on the person's platform."""
    return platforms.base_url(person.platform) + erasure_path(person, language)


def erased_by_link(raw_token):
    """Whether raw_token was a link to the erasure page of someone now erased: a second click
    on the button then answers as the first did."""
    token = find_token(raw_token)
    return bool(token and token.purpose == ERASE_MY_DATA and token.person.erased_at)


@transaction.atomic
def erase_own_data(person):
    """The person erases their own data, as staff would on their request (the same erasure, the
    same log without whom); a confirmation goes to the address they had. Returns False when
    they were erased already (a second click)."""
    address = Person.objects.get(pk=person.pk).email
    values = _erase(person)
    if values is None:
        return False
    clear_traces([person.pk], values)
    if address:
        ErasureMail.write(person=person, kind=ErasureMail.Kind.DONE, email=address)
    record_data_request(DataRequest.Kind.ERASURE, [person], None, person.platform)
    logger.info("Personal data: a person erased their own contact record")
    return True


@transaction.atomic
def send_new_erasure_link(raw_token, now=None):
    """From the page of an expired link: mail a new one to the address on file of whoever the
    link was for. The page says the same whatever happens, so it tells nobody whether the link
    was real or the address exists; a few mails an hour at most. Returns whether one was
    queued."""
    now = now or timezone.now()
    token = find_token(raw_token)
    if token is None or token.purpose != ERASE_MY_DATA:
        return False
    person = Person.objects.select_for_update().get(pk=token.person_id)
    mails = person.erasure_mails.filter(kind=ErasureMail.Kind.LINK)
    if person.erased_at or not person.email or outbox.at_hourly_cap(mails, now):
        return False
    ErasureMail.write(person=person, kind=ErasureMail.Kind.LINK)
    return True


def forget_confirmation_addresses(now=None):
    """Blank the address of every confirmation sent, given up, or older than
    `KEEP_CONFIRMATION_ADDRESS_FOR` (its delivery task lost)."""
    now = now or timezone.now()
    done = (
        Q(sent_at__isnull=False)
        | Q(attempts__gte=outbox.MAX_ATTEMPTS)
        | Q(created_at__lt=now - KEEP_CONFIRMATION_ADDRESS_FOR)
    )
    for mail in ErasureMail.objects.filter(done).exclude(email=""):
        clear_traces([], identifiers(Person(email=mail.email)))
        ErasureMail.objects.filter(pk=mail.pk).update(email="")
