"""Every change to a person's record that spans rows: tokens, consent, erasure."""

import hashlib
import hmac
import logging
import secrets
from datetime import timedelta

from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from cms.core import outbox
from cms.core import platform as platforms
from cms.core.errors import Refusal
from cms.core.models import Platform, PlatformSettings
from cms.core.params import parse_text
from cms.core.text import normalise, normalise_email, normalise_phone, parse_phone
from cms.people.models import (
    AccessToken,
    Consent,
    DataRequest,
    Person,
    QualificationGrant,
    QualificationMail,
)
from cms.people.queries import email_is

logger = logging.getLogger(__name__)

TOKEN_BYTES = 32  # 256 bits; DESIGN asks for at least 128


def _hash(raw_token):
    return hashlib.sha256(raw_token.encode()).hexdigest()


#: The private link to the page where a person erases their own data (`cms.people.erasure`).
ERASE_MY_DATA = "erase-my-data"

#: Private links that carry an action that cannot be undone (erasing one's data) live this
#: long at most, whatever their maker asks: a link forwarded, or found in an old mail, must not
#: do it. A link to change one's contact details belongs here too, the day a page does that.
SHORT_LIVED = {ERASE_MY_DATA: timedelta(hours=1)}


def new_person(platform, **fields):
    """A new contact record on `platform`, which every caller names: a person is a person of
    one platform (registering on 飯山市 makes one of 飯山市, never one of 長野県)."""
    if platform is None:
        raise ValueError("a person belongs to a platform")
    return Person.objects.create(platform=platform, **fields)


def issue_token(person, purpose, *, expires_at=None, now=None):
    """A new private token for person and purpose; returns the token itself, which is not
    stored and cannot be recovered."""
    raw = secrets.token_urlsafe(TOKEN_BYTES)
    if lifetime := SHORT_LIVED.get(purpose):
        latest = (now or timezone.now()) + lifetime
        expires_at = min(expires_at or latest, latest)
    AccessToken.objects.create(
        person=person, purpose=purpose, token_hash=_hash(raw), expires_at=expires_at
    )
    return raw


def find_token(raw_token):
    """The AccessToken row of raw_token whatever its state (revoked, expired), or None: for the
    page that answers an expired link, which may offer to send a new one."""
    if not raw_token or len(raw_token) > 200:
        return None
    digest = _hash(raw_token)
    token = AccessToken.objects.select_related("person").filter(token_hash=digest).first()
    if token is None or not hmac.compare_digest(token.token_hash, digest):
        return None
    return token


def resolve_token(raw_token, purpose, *, now=None):
    """The live AccessToken for raw_token and purpose, or None (unknown, revoked, expired,
    or issued for another purpose)."""
    token = find_token(raw_token)
    if token is None or token.revoked_at:
        return None
    return _live(token, purpose, now)


def _live(token, purpose, now=None):
    now = now or timezone.now()
    if token.purpose != purpose or (token.expires_at and token.expires_at <= now):
        return None
    lifetime = SHORT_LIVED.get(purpose)
    if lifetime and token.created_at + lifetime <= now:
        return None
    if token.person.erased_at:
        return None
    AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def resolve_remembered(token_id, purpose):
    """The live AccessToken a device was told to remember (by its id, kept in the device's
    session, never the token itself), or None: revoking or replacing the link also ends
    every device that remembered it."""
    token = (
        AccessToken.objects.select_related("person")
        .filter(pk=token_id, revoked_at__isnull=True)
        .first()
        if isinstance(token_id, int)
        else None
    )
    return None if token is None else _live(token, purpose)


def revoke_tokens(person, purpose=None):
    tokens = AccessToken.objects.filter(person=person, revoked_at__isnull=True)
    if purpose:
        tokens = tokens.filter(purpose=purpose)
    return tokens.update(revoked_at=timezone.now())


@transaction.atomic
def rotate_token(person, purpose, *, expires_at=None):
    """Replace person's links of this purpose by a new one; returns the new token. The old
    links stop in the transaction that makes the new one, so a failure leaves the old link
    working rather than none at all."""
    revoke_tokens(person, purpose)
    return issue_token(person, purpose, expires_at=expires_at)


def privacy_notice_version(site):
    """Which privacy notice a person sees now: the notice page and its live revision."""
    page = PlatformSettings.for_site(site).privacy_page if site else None
    if page is None:
        return "none"
    return f"page-{page.pk}-rev-{page.live_revision_id}"


def record_consent(person, purpose, notice_version):
    return Consent.objects.create(person=person, purpose=purpose, notice_version=notice_version)


def touch(person):
    """Record that a person did something (registered, signed up): retention counts from here."""
    Person.objects.filter(pk=person.pk).update(last_active_at=timezone.now())


# Requests about one's own data (APPI: 開示・消去) ----------------------------------------


def people_by_contact(platform, email="", phone=""):
    """The contact records of `platform`, not yet erased, with this e-mail address or phone
    number. The same resident is a new record on each form they send, so a request covers all
    of them; a request made to one platform covers only its records."""
    if platform is None:
        raise ValueError("a data request is made to a platform")
    email = normalise_email(email or "")
    phone = parse_phone(phone) or normalise_phone(phone or "")
    who = Q(pk__in=[])
    if email:
        who |= Q(email__iexact=email)
    if phone:
        who |= Q(phone=phone)
    return Person.objects.filter(who, platform=platform, erased_at__isnull=True).order_by(
        "created_at", "pk"
    )


def _reverse_relations():
    """Every relation by which a record of another app points at a person: found through the
    model registry, so that cms names no app above it and a new app is covered by itself."""
    return [
        relation
        for relation in Person._meta.related_objects
        if (relation.one_to_many or relation.one_to_one) and not relation.related_model._meta.proxy
    ]


def records_of(people):
    """[(kind of record, how many)] of everything that points at `people`; one query per kind."""
    summary = []
    for relation in _reverse_relations():
        model = relation.related_model
        count = model._default_manager.filter(**{f"{relation.field.name}__in": people}).count()
        if count:
            summary.append((str(model._meta.verbose_name_plural), count))
    return summary


def disclosure_rows(people):
    """What is held about `people`, as rows (record, kind, details, date) for a spreadsheet:
    their contact records, then each record that points at them, as the staff lists name it."""
    rows = []
    for person in people:
        rows.append(
            (
                f"#{person.pk}",
                str(Person._meta.verbose_name),
                " / ".join(
                    part
                    for part in (person.name, person.name_kana, person.email, person.phone)
                    if part
                ),
                person.created_at,
            )
        )
    for relation in _reverse_relations():
        model = relation.related_model
        for record in model._default_manager.filter(**{f"{relation.field.name}__in": people}):
            person_id = getattr(record, relation.field.attname)
            rows.append(
                (
                    f"#{person_id}",
                    str(model._meta.verbose_name),
                    str(record),
                    getattr(record, "created_at", None) or getattr(record, "given_at", None),
                )
            )
    return rows


@transaction.atomic
def record_data_request(kind, people, user, platform):
    now = timezone.now()
    return DataRequest.objects.create(
        platform=platform,
        kind=kind,
        people=len(people),
        handled_by=user,
        handled_at=now,
        received_on=timezone.localdate(now),
        due_on=timezone.localdate(now),
        state=DataRequest.State.DONE,
    )


# Qualifications ---------------------------------------------------------------------------


class QualificationError(Refusal):
    """Why a qualification cannot be granted or renewed, in words for the trainer."""

    messages = {
        "requires": _("This needs the qualification “%(required)s” first."),
        "not_held": _("A follow-up course renews a qualification; this person does not hold it."),
        "revoked": _("This qualification was revoked; only the secretariat can restore it."),
        "lapsed": _(
            "The qualification lapsed more than its grace period ago; the full course is needed."
        ),
    }


class QualificationStatus:
    VALID = "valid"
    IN_GRACE = "in_grace"  # lapsed, but a follow-up course can still renew it
    EXPIRED = "expired"
    REVOKED = "revoked"


def _add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def original_qualification(qualification):
    """Grants always point at the qualification in the default language."""
    if qualification.locale_id == Locale.get_default().pk:
        return qualification
    return qualification.get_translation(Locale.get_default())


def qualification_status(grant, on=None):
    on = on or timezone.localdate()
    if grant.revoked_at:
        return QualificationStatus.REVOKED
    if grant.valid_until is None or on <= grant.valid_until:
        return QualificationStatus.VALID
    if on <= grant.valid_until + timedelta(days=grant.qualification.grace_days):
        return QualificationStatus.IN_GRACE
    return QualificationStatus.EXPIRED


def registry_platforms(platform):
    """The pks of the platforms whose qualifications `platform` recognises: its own, and its
    prefecture's when the prefecture shares its supporter registry (a supporter trained by
    長野県's course may take 飯山市's roles that ask for it). The one place this rule lives."""
    ids = [platform.pk]
    if (
        platform.prefecture_id
        and Platform.objects.filter(pk=platform.prefecture_id, shares_registry=True).exists()
    ):
        ids.append(platform.prefecture_id)
    return ids


def recognises(platform, qualification):
    """Whether `platform`'s roles and courses accept `qualification` (`registry_platforms`)."""
    return qualification.platform_id in registry_platforms(platform)


def holds(person, qualification, on=None):
    return valid_grant(qualification, person.platform, person=person, on=on) is not None


def valid_grant(qualification, platform, *, person=None, email="", certificate_number="", on=None):
    """A grant of qualification valid on `on` that `platform` recognises, held by person, by
    whoever has the e-mail address, or on the certificate number given; or None. The same
    resident is a new Person on each form they send, and on each platform, so the address
    (on this platform or on the one that granted it) and the certificate are how they show
    it."""
    platforms = registry_platforms(platform)
    if qualification.platform_id not in platforms:
        return None
    who = Q(pk__in=[])
    if person is not None and person.pk:
        who |= Q(person=person)
    if email:
        for pk in {platform.pk, qualification.platform_id}:
            who |= email_is(pk, email, "person__email")
    number = normalise(certificate_number or "").upper()
    if number:
        who |= Q(certificate_number=number)
    grants = QualificationGrant.objects.filter(
        who, qualification=original_qualification(qualification), person__erased_at__isnull=True
    ).select_related("qualification")
    return next(
        (g for g in grants if qualification_status(g, on) == QualificationStatus.VALID), None
    )


@transaction.atomic
def grant_qualification(person, qualification, *, on=None, source="", renewal_only=False):
    """Grant a qualification for a completed course, or renew it.

    A full course grants it (or renews a valid or lapsed one); a follow-up course
    (renewal_only) renews it only while it is valid or within its grace period. Validity is
    never shortened. A revoked qualification stays revoked until the secretariat restores it.
    """
    on = on or timezone.localdate()
    qualification = original_qualification(qualification)
    if qualification.platform_id != person.platform_id:
        # A grant belongs to its person's platform; another platform's qualification is
        # recognised there through the registry it shares (`registry_platforms`), not granted.
        raise ValueError("a platform grants its own qualifications to its own people")
    if qualification.requires_id and not holds(person, qualification.requires, on):
        raise QualificationError("requires", required=qualification.requires)
    new_until = (
        _add_years(on, qualification.validity_years) if qualification.validity_years else None
    )
    grant = (
        QualificationGrant.objects.select_for_update()
        .filter(person=person, qualification=qualification)
        .first()
    )
    if grant is None:
        if renewal_only:
            raise QualificationError("not_held")
        return QualificationGrant.objects.create(
            person=person,
            qualification=qualification,
            granted_on=on,
            valid_until=new_until,
            source=source,
        )
    status = qualification_status(grant, on)
    if status == QualificationStatus.REVOKED:
        raise QualificationError("revoked")
    if status == QualificationStatus.EXPIRED:
        if renewal_only:
            raise QualificationError("lapsed")
        grant.granted_on = on
        grant.valid_until = new_until
        grant.renewed_on = None
    else:
        if grant.valid_until is not None and new_until is not None:
            grant.valid_until = max(grant.valid_until, new_until)
        else:
            grant.valid_until = None
        grant.renewed_on = on
    grant.source = source or grant.source
    grant.save()
    return grant


@transaction.atomic
def extend_qualifications(qualification, *, until, on=None):
    """Extend every grant of a qualification that is valid (or in its grace period) on `on` to
    at least `until` — what authorities do when courses cannot run. Returns how many."""
    on = on or timezone.localdate()
    qualification = original_qualification(qualification)
    grants = QualificationGrant.objects.select_for_update().filter(
        qualification=qualification, revoked_at__isnull=True, valid_until__lt=until
    )
    extended = 0
    for grant in grants.select_related("qualification"):
        if qualification_status(grant, on) in (
            QualificationStatus.VALID,
            QualificationStatus.IN_GRACE,
        ):
            grant.valid_until = until
            grant.save(update_fields=["valid_until"])
            extended += 1
    return extended


def verify_certificate(number, platform):
    """The grant behind a certificate number of a qualification `platform` recognises
    (`registry_platforms`), or None. The public verification page shows its holder's name,
    the qualification and its validity, and nothing else."""
    number = parse_text(number).upper()
    if not number or len(number) > 40:
        return None
    return (
        QualificationGrant.objects.select_related("person", "qualification")
        .filter(certificate_number=number, qualification__platform__in=registry_platforms(platform))
        .first()
    )


def qualification_figures(qualification, on=None):
    """Public figures: how many were trained each year, and how many hold it validly now."""
    on = on or timezone.localdate()
    qualification = original_qualification(qualification)
    grants = QualificationGrant.objects.filter(qualification=qualification, revoked_at__isnull=True)
    per_year = (
        grants.annotate(year=ExtractYear("granted_on"))
        .values("year")
        .annotate(count=Count("pk"))
        .order_by("year")
    )
    valid_now = grants.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on)).count()
    return {"per_year": [(row["year"], row["count"]) for row in per_year], "valid_now": valid_now}


# Supporters who may be contacted for volunteer roles ----------------------------------------

VOLUNTEER_CONTACT = "volunteer-contact"
CONTACT_LINK_FOR = timedelta(days=30)


@transaction.atomic
def request_contact_link(number, platform, *, now=None):
    """Mail the holder of a valid certificate a private link to choose whether volunteer
    roles may contact them. It goes only to the address on file, so the page that asks says
    the same whatever happened; a few mails an hour at most, like every such mail. Returns
    whether a mail was queued."""
    now = now or timezone.now()
    grant = verify_certificate(number, platform)
    if (
        grant is None
        or qualification_status(grant, timezone.localdate(now)) != QualificationStatus.VALID
        or not grant.person.email
        or grant.person.erased_at
        or outbox.at_hourly_cap(grant.mails.all(), now)
    ):
        return False
    QualificationMail.write(grant=grant, kind=QualificationMail.Kind.CONTACT_LINK)
    return True


def contact_link(person, language):
    """A new private link to the contact choice (made when the mail goes out), on the
    person's platform; the earlier ones stop working."""
    raw = rotate_token(person, VOLUNTEER_CONTACT, expires_at=timezone.now() + CONTACT_LINK_FOR)
    with translation.override(language):
        path = reverse("people:volunteer_contact", args=[raw])
    return platforms.base_url(person.platform) + path


def contact_grants(person):
    return QualificationGrant.objects.filter(person=person, revoked_at__isnull=True).select_related(
        "qualification"
    )


@transaction.atomic
def set_volunteer_contact(person, grant_ids):
    """The holder's choice: volunteer roles may contact them about the qualifications in
    grant_ids, and not about their others."""
    chosen = {int(pk) for pk in grant_ids}
    for grant in contact_grants(person).select_for_update(of=("self",)):
        wanted = grant.pk in chosen
        if grant.contact_for_volunteering != wanted:
            grant.contact_for_volunteering = wanted
            grant.save(update_fields=["contact_for_volunteering"])
