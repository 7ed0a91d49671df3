"""Every change to a person's record that spans rows: tokens, consent, erasure."""

import hashlib
import hmac
import logging
import secrets

from django.db import transaction
from django.utils import timezone

from cms.core.models import PlatformSettings
from cms.people.models import AccessToken, Consent, Person
from cms.people.retention import expired_people

logger = logging.getLogger(__name__)

TOKEN_BYTES = 32  # 256 bits; DESIGN asks for at least 128


def _hash(raw_token):
    return hashlib.sha256(raw_token.encode()).hexdigest()


def issue_token(person, purpose, *, expires_at=None):
    """A new private token for person and purpose; returns the token itself, which is not
    stored and cannot be recovered."""
    raw = secrets.token_urlsafe(TOKEN_BYTES)
    AccessToken.objects.create(
        person=person, purpose=purpose, token_hash=_hash(raw), expires_at=expires_at
    )
    return raw


def resolve_token(raw_token, purpose):
    """The live AccessToken for raw_token and purpose, or None (unknown, revoked, expired,
    or issued for another purpose)."""
    if not raw_token or len(raw_token) > 200:
        return None
    digest = _hash(raw_token)
    token = (
        AccessToken.objects.select_related("person")
        .filter(token_hash=digest, revoked_at__isnull=True)
        .first()
    )
    if token is None or not hmac.compare_digest(token.token_hash, digest):
        return None
    now = timezone.now()
    if token.purpose != purpose or (token.expires_at and token.expires_at <= now):
        return None
    if token.person.erased_at:
        return None
    AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def revoke_tokens(person, purpose=None):
    tokens = AccessToken.objects.filter(person=person, revoked_at__isnull=True)
    if purpose:
        tokens = tokens.filter(purpose=purpose)
    return tokens.update(revoked_at=timezone.now())


def privacy_notice_version(site):
    """Which privacy notice a person sees now: the notice page and its live revision."""
    page = PlatformSettings.for_site(site).privacy_page if site else None
    if page is None:
        return "none"
    return f"page-{page.pk}-rev-{page.live_revision_id}"


def record_consent(person, purpose, notice_version):
    return Consent.objects.create(person=person, purpose=purpose, notice_version=notice_version)


@transaction.atomic
def erase_person(person):
    """Remove what identifies a person while keeping the rows that point to them (so counts
    and reports stay true): name, kana, e-mail, phone are blanked and every token revoked."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    person.name = "—"
    person.name_kana = ""
    person.email = ""
    person.phone = ""
    person.erased_at = timezone.now()
    person.save()
    revoke_tokens(person)
    return person


def touch(person):
    """Record that a person did something (registered, signed up): retention counts from here."""
    Person.objects.filter(pk=person.pk).update(last_active_at=timezone.now())


def purge_expired_people(now=None):
    """Erase everyone whose retention period has run out; return how many. Each erasure is its
    own transaction, so one failure does not keep the others."""
    erased = 0
    for person in expired_people(now).only("pk").iterator():
        erase_person(person)
        erased += 1
    # Counts only: the log must not carry who was erased.
    logger.info("Retention: erased %d people whose retention period ended", erased)
    return erased
