"""My page: one private link, asked for by e-mail address, to everything a resident signed up
for on a platform (registrations, waitlist places, pledges, shifts, certificates).

A person is a person of one platform, and the same resident is a new record on each form they
send: the link is a token of one of them (the latest), and the page shows the records of every
contact record of that platform with the same address (`people_of`). Erasing that record stops
the link (`services._live`); erasing another blanks its address, so it drops out.

`cms` names no app above it: each app contributes a section through the `my_page_sections`
hook, `fn(people, token, now)` returning a `Section` or None, reading its records in a fixed
number of queries however many there are. Its actions are its own views, behind the my-page
token (`resolve`), calling its services, so the rules stay in one place."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from wagtail import hooks

from cms.core import outbox
from cms.core import platform as platforms
from cms.core.text import normalise_email
from cms.people.models import MyPageMail, Person
from cms.people.queries import email_is
from cms.people.services import resolve_token, rotate_token

#: The token purpose of my page's link.
MY_PAGE = "my-page"

#: How long a link asked for by mail works (as the certificate holder's contact link): it
#: opens every record, so a link found in an old mail should not. Asking again makes a new one
#: and stops the earlier.
LINK_FOR = timedelta(days=30)

SECTIONS_HOOK = "my_page_sections"


@dataclass(frozen=True)
class Section:
    """A part of my page: its heading, the template that shows `rows`, and its place (`order`,
    smaller first); `empty` is said when there are no rows."""

    key: str
    title: str
    template: str
    rows: list = field(default_factory=list)
    order: int = 100


def _people(platform, email):
    return Person.objects.filter(email_is(platform, email), erased_at__isnull=True)


@transaction.atomic
def request_link(platform, email, *, now=None):
    """Mail my page's link to this address if a person of `platform` has it; nothing
    otherwise (the page that asks says the same in both cases). A few mails an hour to one
    address at most. Returns whether a mail was queued."""
    email = normalise_email(email or "")
    if not email:
        return False
    person = _people(platform, email).order_by("-last_active_at", "-pk").first()
    if person is None:
        return False
    sent = MyPageMail.objects.filter(person__in=_people(platform, email))
    if outbox.at_hourly_cap(sent, now):
        return False
    MyPageMail.write(person=person)
    return True


def link(person, language):
    """A new link to my page (made when the mail goes out), on the person's platform; the
    earlier ones stop working."""
    raw = rotate_token(person, MY_PAGE, expires_at=timezone.now() + LINK_FOR)
    with translation.override(language):
        path = reverse("people:my_page", args=[raw])
    return platforms.base_url(person.platform) + path


def resolve(token):
    """The live my-page token `token`, or None."""
    return resolve_token(token, MY_PAGE)


def people_of(access):
    """The contact records my page covers: those of the token's platform with its address
    (only the token's own when it has none)."""
    person = access.person
    if not person.email:
        return [person]
    return list(_people(person.platform_id, person.email).order_by("pk"))


def owner(token):
    """The pks of the people a live my-page token covers, or None: for the apps' actions."""
    access = resolve(token)
    return None if access is None else [p.pk for p in people_of(access)]


def sections(people, token, now=None):
    """The sections the apps contribute, in order, leaving out those with nothing to show."""
    now = now or timezone.now()
    found = [fn(people, token, now) for fn in hooks.get_hooks(SECTIONS_HOOK)]
    return sorted((s for s in found if s is not None and s.rows), key=lambda s: s.order)


def localized_titles(model, objects, field="title"):
    """{translation_key: `field` in the active language} of `objects` (pages or snippets of
    `model`) that have a translation into it, in one query: the sections show the rest in
    Japanese, as every list does (`cms.core.fallback`)."""
    keys = {obj.translation_key for obj in objects}
    if not keys:
        return {}
    rows = model._default_manager.filter(
        translation_key__in=keys, locale__language_code=translation.get_language()
    ).values_list("translation_key", field)
    return dict(rows)
