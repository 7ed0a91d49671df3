import secrets

from django.conf import settings
from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import TranslatableMixin

from cms.core.models import platform_field
from cms.core.outbox import OutboxMessage, Skip


class Person(models.Model):
    """Someone who registered, volunteers, subscribes or applied: who they are and how to reach
    them. Residents have no account; they reach their own records through access tokens.

    A person is a person of one platform: the same address on two platforms is two people,
    and nothing one platform's staff do reaches the other's (`services.new_person`)."""

    platform = platform_field(related_name="people")
    name = models.CharField(_("name"), max_length=100)
    name_kana = models.CharField(_("name in kana"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True, db_index=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    language = models.CharField(
        _("language for messages"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    last_active_at = models.DateTimeField(
        _("last active"),
        auto_now_add=True,
        help_text=_("Retention counts from here: the last registration, shift or sign-in."),
    )
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name_kana", "name"]
        # The same resident is a new record on each form, found again on their platform by
        # address whatever its case (queries.email_is): a sign-up's clash check does it on
        # every sign-up.
        indexes = [
            models.Index(models.F("platform"), Upper("email"), name="person_platform_email_upper")
        ]

    def __str__(self):
        return self.name


class Consent(models.Model):
    """That a person agreed to a notice (the privacy notice, a volunteer agreement) for a
    purpose, and to which version of it."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="consents"
    )
    purpose = models.CharField(_("purpose"), max_length=50)
    notice_version = models.CharField(_("notice version"), max_length=100)
    given_at = models.DateTimeField(_("given"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at"]

    def __str__(self):
        return f"{self.purpose} ({self.notice_version})"


class AccessToken(models.Model):
    """A private link or calendar-feed token. Only a SHA-256 hash is stored: the token itself
    (256 bits from `secrets`) exists only in the mail or URL given to the person."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="access_tokens"
    )
    # "event-registration:" and a UUID in hex is 51 characters: room for per-record purposes.
    purpose = models.CharField(_("purpose"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("access token")
        verbose_name_plural = _("access tokens")

    def __str__(self):
        return f"{self.purpose} #{self.pk}"


class Qualification(TranslatableMixin, models.Model):
    """What a course makes someone: つながりサポーター, リーダー, …; some roles require one.
    Granted by its platform's courses, and recognised on the platforms that share its
    registry (`services.recognising_platforms`)."""

    platform = platform_field()
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=80)
    description = models.TextField(_("description"), blank=True)
    validity_years = models.PositiveSmallIntegerField(
        _("valid for (years)"),
        null=True,
        blank=True,
        help_text=_("Leave empty when it never expires."),
    )
    grace_days = models.PositiveSmallIntegerField(
        _("grace period (days)"),
        default=0,
        help_text=_("How long after it lapses a follow-up course can still renew it."),
    )
    requires = models.ForeignKey(
        "self",
        verbose_name=_("requires"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_(
            "A qualification one must hold to be granted this one (e.g. leader needs supporter)."
        ),
    )

    panels = ["platform", "name", "slug", "description", "validity_years", "grace_days", "requires"]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "slug", "locale"], name="people_qualification_unique_slug"
            ),
        ]

    def __str__(self):
        return self.name


class QualificationGrant(models.Model):
    """That a person holds a qualification: since when, until when, on which certificate.
    It belongs to the platform of its person."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="qualifications"
    )
    # Grants point at the qualification in the default language: one row, whatever the locale
    # the course page was shown in.
    qualification = models.ForeignKey(
        Qualification,
        verbose_name=_("qualification"),
        on_delete=models.PROTECT,
        related_name="grants",
    )
    granted_on = models.DateField(_("granted on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    certificate_number = models.CharField(
        _("certificate number"), max_length=40, unique=True, editable=False
    )
    source = models.CharField(
        _("granted for"),
        max_length=200,
        blank=True,
        help_text=_("The course or decision that granted or last renewed it."),
    )
    renewed_on = models.DateField(_("last renewed"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason for revoking"), max_length=200, blank=True)
    contact_for_volunteering = models.BooleanField(
        _("may be contacted for volunteer roles"), default=False
    )

    class Meta:
        verbose_name = _("qualification held")
        verbose_name_plural = _("qualifications held")
        ordering = ["-granted_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "qualification"], name="people_grant_one_per_person"
            ),
        ]

    def __str__(self):
        return f"{self.qualification} #{self.certificate_number}"

    def save(self, *args, **kwargs):
        if not self.certificate_number:
            self.certificate_number = self.new_certificate_number(self.granted_on.year)
        super().save(*args, **kwargs)

    @classmethod
    def new_certificate_number(cls, year):
        """TS-2026-4K7Q2M9XRB: random, so that the public verification page cannot be walked
        through to collect names (50 bits; Crockford's alphabet has nothing to misread)."""
        alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
        while True:
            number = f"TS-{year}-" + "".join(secrets.choice(alphabet) for _ in range(10))
            if not cls.objects.filter(certificate_number=number).exists():
                return number


class QualificationMail(OutboxMessage):
    """A mail to a qualification's holder, delivered by
    `cms.people.tasks.deliver_qualification_mail` (`cms.core.outbox`); its private link is
    made at delivery, in the holder's language."""

    class Kind(models.TextChoices):
        CONTACT_LINK = "contact_link", _("Link to the volunteer contact choice")

    grant = models.ForeignKey(QualificationGrant, on_delete=models.CASCADE, related_name="mails")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CONTACT_LINK)

    delivery_task = "cms.people.tasks.deliver_qualification_mail"
    platform_path = "grant__person__platform"
    undelivered_related = ("grant__person",)
    delivery_related = ("grant__person", "grant__qualification")
    body_template = "people/mail/{kind}.txt"

    class Meta:
        verbose_name = _("mail to a qualification holder")
        verbose_name_plural = _("mails to qualification holders")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.kind} #{self.grant_id}"

    def recipient(self):
        return self.grant.person

    def about(self):
        return self.get_kind_display()

    def subject(self):
        return gettext("Volunteer roles: may we contact you?")

    def context(self):
        # The services write these rows (they import this module): the link is theirs to make.
        from cms.people.services import CONTACT_LINK_FOR, contact_link

        person = self.grant.person
        return {
            "person": person,
            "qualification": self.grant.qualification.localized,
            "link": contact_link(person, person.language),
            "days": CONTACT_LINK_FOR.days,
        }


class ErasureMail(OutboxMessage):
    """A mail about a person erasing their own data, delivered by
    `cms.people.tasks.deliver_erasure_mail`: a new link to the erasure page (made at
    delivery), or the confirmation that the data is erased. The person's record has no address
    by then, so the confirmation keeps the one it goes to, until it is sent or given up."""

    class Kind(models.TextChoices):
        LINK = "link", _("New link to erase one's data")
        DONE = "done", _("Confirmation that the data is erased")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="erasure_mails")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    email = models.EmailField(blank=True)

    delivery_task = "cms.people.tasks.deliver_erasure_mail"
    platform_path = "person__platform"
    undelivered_related = ("person",)
    delivery_related = ("person",)
    body_template = "people/mail/erasure_{kind}.txt"

    class Meta:
        verbose_name = _("mail about erasing one's data")
        verbose_name_plural = _("mails about erasing one's data")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.kind} #{self.person_id}"

    def recipient(self):
        return self.person

    def about(self):
        return self.get_kind_display()

    def addresses(self):
        if self.kind == self.Kind.DONE:
            if not self.email:
                raise Skip("no address")
            return [self.email]
        return super().addresses()

    def subject(self):
        if self.kind == self.Kind.DONE:
            return gettext("Your personal data is erased")
        return gettext("Your link to erase your personal data")

    def context(self):
        if self.kind == self.Kind.DONE:
            return {}
        # The erasure module writes these rows (it imports this one): the link is its to make.
        from cms.people.erasure import LINK_FOR, erasure_link

        return {
            "link": erasure_link(self.person, self.language()),
            "minutes": int(LINK_FOR.total_seconds() // 60),
        }


class MyPageMail(OutboxMessage):
    """The link to my page (`cms.people.mypage`), asked for on the page where one types one's
    address, delivered by `cms.people.tasks.deliver_my_page_mail`; the link is made at
    delivery, in the person's language."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="my_page_mails")

    delivery_task = "cms.people.tasks.deliver_my_page_mail"
    platform_path = "person__platform"
    undelivered_related = ("person",)
    delivery_related = ("person", "person__platform")
    body_template = "people/mail/my_page_link.txt"

    class Meta:
        verbose_name = _("mail with the link to my page")
        verbose_name_plural = _("mails with the link to my page")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"my page #{self.person_id}"

    def recipient(self):
        return self.person

    def about(self):
        return gettext("Link to my page")

    def subject(self):
        return gettext("Your link to your sign-ups (my page)")

    def context(self):
        # The my-page module writes these rows (it imports this one): the link is its to make.
        from cms.people.mypage import LINK_FOR, link

        return {
            "person": self.person,
            "link": link(self.person, self.language()),
            "days": LINK_FOR.days,
        }


class DataRequest(models.Model):
    """Someone's request about their personal data (開示・訂正・利用停止・消去の請求 under the
    APPI): received at the desk (open, due in 14 days), then done or declined; or logged as done
    when staff answered it straight away on the personal-data screen. What was done, for how
    many records, by whom and when. Neither the address asked about nor the person's name is
    kept here (the note says so), so the log itself holds no personal data."""

    class Kind(models.TextChoices):
        DISCLOSURE = "disclosure", _("Disclosure")
        ERASURE = "erasure", _("Erasure")
        CORRECTION = "correction", _("Correction")
        STOP_USE = "stop_use", _("Stop using the data")

    class Channel(models.TextChoices):
        COUNTER = "counter", _("At the counter")
        PHONE = "phone", _("By phone")
        MAIL = "mail", _("By post or e-mail")
        FORM = "form", _("Through the website")

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        DECLINED = "declined", _("Declined")

    # A request under the APPI is answered without delay; the secretariat's rule is two weeks.
    DUE_DAYS = 14

    platform = platform_field()
    kind = models.CharField(_("request"), max_length=20, choices=Kind.choices)
    channel = models.CharField(
        _("how it came in"), max_length=20, choices=Channel.choices, blank=True
    )
    received_on = models.DateField(_("date received"), null=True, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    note = models.CharField(
        _("note"),
        max_length=200,
        blank=True,
        help_text=_("No personal data: no name, address, phone or e-mail."),
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.OPEN, db_index=True
    )
    people = models.PositiveIntegerField(_("contact records"), default=0)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("personal data request")
        verbose_name_plural = _("personal data requests")
        ordering = ["-created_at"]
        permissions = [
            (
                "handle_data_requests",
                _("Can find, export and erase a person's data on their request"),
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.people})"
