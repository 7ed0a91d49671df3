"""Volunteer opportunities, their roles and shifts, the volunteers and their sign-ups.

A shift is a seat pool and a sign-up a claim on it (`events.capacity`): capacity, waitlist and
promotion follow the same rules, in the same code, as event registrations.

`VolunteerOpportunity` and `Role` are translatable snippets rather than pages: residents read
them only through the list of shifts (one page filtering across every opportunity), and
coordinators manage them next to the shifts and rosters in the admin. Shifts and sign-ups belong
to the original-language opportunity and role; a translation only changes the words shown.
"""

import uuid
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldRowPanel, MultiFieldPanel
from wagtail.models import Locale, TranslatableMixin

from cms.core import platform as platforms
from cms.core.models import platform_field
from cms.core.outbox import OutboxMessage
from cms.people.services import recognises
from events.capacity import LIVE, SeatClaim, SeatPool, Status, WaitlistPolicy


class VolunteerOpportunity(TranslatableMixin, models.Model):
    """What needs hands, where, and whom to ask: e.g. reception at a symposium, sorting at a
    food drive, cooking at a 地域食堂. It belongs to the platform of its event or food drive
    when it has one, else to the one chosen; its shifts, and their sign-ups, are that
    platform's."""

    platform = platform_field()
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("what you will do"), max_length=1000)
    place = models.CharField(_("place"), max_length=200)
    area = models.CharField(_("area"), max_length=100, blank=True)
    contact_name = models.CharField(_("contact"), max_length=100)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="volunteer_opportunities",
    )
    food_drive = models.ForeignKey(
        "fooddrives.FoodDrivePage",
        verbose_name=_("food drive"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="volunteer_opportunities",
    )
    signup_opens_days = models.PositiveSmallIntegerField(
        _("sign-up opens, days before"), default=60
    )
    signup_closes_hours = models.PositiveSmallIntegerField(
        _("sign-up closes, hours before"), default=24
    )
    cancel_closes_hours = models.PositiveSmallIntegerField(
        _("cancelling closes, hours before"),
        default=24,
        help_text=_("Later than this, volunteers call the contact instead."),
    )
    waitlist_enabled = models.BooleanField(_("waitlist when full"), default=True)
    max_hours_in_a_row = models.PositiveSmallIntegerField(
        _("most hours in a row"),
        null=True,
        blank=True,
        help_text=_(
            "How long one volunteer may work here without a real break, from the start of the "
            "first shift to the end of the last. Empty: no limit."
        ),
    )
    min_break_minutes = models.PositiveSmallIntegerField(
        _("a real break, minutes"),
        default=60,
        help_text=_("Shifts with a shorter gap between them count as one stretch of work."),
    )

    panels = [
        "platform",
        "title",
        "summary",
        FieldRowPanel(["place", "area"]),
        MultiFieldPanel(["contact_name", "contact_email", "contact_phone"], heading=_("Contact")),
        FieldRowPanel(["event", "food_drive"]),
        FieldRowPanel(["signup_opens_days", "signup_closes_hours", "cancel_closes_hours"]),
        "waitlist_enabled",
        FieldRowPanel(["max_hours_in_a_row", "min_break_minutes"]),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("volunteer opportunity")
        verbose_name_plural = _("volunteer opportunities")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.event_id or self.food_drive_id:
            linked = self.page_platform()
            if linked is not None:
                self.platform = linked
        super().save(*args, **kwargs)

    def page_platform(self):
        """The platform of the event or food drive this is for (None when for neither)."""
        page = self.event or self.food_drive
        return platforms.of_page(page) if page is not None else None

    def clean(self):
        super().clean()
        linked = self.page_platform()
        if linked is not None and self.platform_id not in (None, linked.pk):
            raise ValidationError({"platform": _("The event or food drive is another platform's.")})


class Role(TranslatableMixin, models.Model):
    """What a volunteer does on a shift (受付, 仕分け, 調理, 運転, 見守り…) and what it needs:
    a platform's own, asking for a qualification that platform recognises."""

    platform = platform_field()
    name = models.CharField(_("name"), max_length=60)
    description = models.CharField(_("description"), max_length=300, blank=True)
    qualification = models.ForeignKey(
        "people.Qualification",
        verbose_name=_("required qualification"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    panels = ["platform", "name", "description", "qualification"]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("volunteer role")
        verbose_name_plural = _("volunteer roles")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if (
            self.qualification_id
            and self.platform_id
            and not recognises(self.platform, self.qualification)
        ):
            raise ValidationError(
                {"qualification": _("This platform does not recognise this qualification.")}
            )


class Shift(SeatPool):
    """A stretch of time for one role; `capacity` is the most people it takes."""

    reference = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    opportunity = models.ForeignKey(
        VolunteerOpportunity,
        verbose_name=_("opportunity"),
        on_delete=models.CASCADE,
        related_name="shifts",
    )
    role = models.ForeignKey(
        Role, verbose_name=_("role"), on_delete=models.PROTECT, related_name="shifts"
    )
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(
        _("place"), max_length=200, blank=True, help_text=_("If not the opportunity's place.")
    )
    min_people = models.PositiveSmallIntegerField(_("at least"), default=1)
    cancelled_at = models.DateTimeField(_("shift cancelled"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The SEQUENCE of the shift's calendar entries: raised when its time, place or status
    # changes, so that calendar apps replace what they have (RFC 5545).
    sequence = models.PositiveIntegerField(default=0, editable=False)

    SCHEDULE_FIELDS = ("starts_at", "ends_at", "place", "cancelled_at")

    panels = [
        FieldRowPanel(["opportunity", "role"]),
        FieldRowPanel(["starts_at", "ends_at"]),
        "place",
        FieldRowPanel(["min_people", "capacity"]),
        "cancelled_at",
    ]

    class Meta:
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="volunteers_shift_ends"
            ),
        ]

    def __str__(self):
        return f"{self.role} {self.starts_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if self.pk and (update_fields is None or set(update_fields) & set(self.SCHEDULE_FIELDS)):
            before = (
                Shift.objects.filter(pk=self.pk).values(*self.SCHEDULE_FIELDS, "sequence").first()
            )
            if before and any(before[f] != getattr(self, f) for f in self.SCHEDULE_FIELDS):
                self.sequence = before["sequence"] + 1
                if update_fields is not None:
                    kwargs["update_fields"] = {*update_fields, "sequence", "updated_at"}
        super().save(*args, **kwargs)

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A shift must end after it starts.")})
        if self.capacity is not None and self.capacity < self.min_people:
            raise ValidationError({"capacity": _("The most people must not be below the least.")})
        if (
            self.opportunity_id
            and self.role_id
            and self.opportunity.platform_id != self.role.platform_id
        ):
            raise ValidationError({"role": _("The role is another platform's.")})

    @property
    def where(self):
        return self.place or self.opportunity.place

    def seat_claims(self):
        return ShiftSignup.objects.filter(shift=self)

    def waitlist_policy(self):
        enabled = (
            VolunteerOpportunity.objects.filter(pk=self.opportunity_id)
            .values_list("waitlist_enabled", flat=True)
            .get()
        )
        return WaitlistPolicy(enabled=enabled, closes_at=self.starts_at)

    def claim_changed(self, claim, previous_status):
        from volunteers.services import notify_status_change

        notify_status_change(claim, previous_status)


class Volunteer(models.Model):
    """A person who volunteers: how they can help. Name and contact live on the Person, whose
    platform is the volunteer's: the same address on two platforms is two volunteers."""

    class Language(models.TextChoices):
        JA = "ja", _("Japanese")
        EN = "en", _("English")
        ZH = "zh", _("Chinese")
        KO = "ko", _("Korean")
        VI = "vi", _("Vietnamese")
        PT = "pt", _("Portuguese")
        TL = "tl", _("Tagalog")
        NE = "ne", _("Nepali")
        JSL = "jsl", _("Japanese Sign Language")

    class Skill(models.TextChoices):
        DRIVING = "driving", _("Driving licence")
        COOKING = "cooking", _("Cooking")
        FOOD_HYGIENE = "food_hygiene", _("Food hygiene")
        LIFTING = "lifting", _("Carrying and lifting")
        CHILDCARE = "childcare", _("Childcare")
        IT = "it", _("Computers and phones")
        FIRST_AID = "first_aid", _("First aid")
        INTERPRETING = "interpreting", _("Interpreting")

    person = models.OneToOneField(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="volunteer",
    )
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    skills = models.JSONField(_("skills"), default=list, blank=True)
    email_confirmed_at = models.DateTimeField(_("e-mail confirmed"), null=True, blank=True)
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by staff"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["-created_at"]

    def __str__(self):
        return str(self.person)

    @property
    def language_labels(self):
        labels = dict(self.Language.choices)
        return [labels.get(code, code) for code in self.languages]

    @property
    def skill_labels(self):
        labels = dict(self.Skill.choices)
        return [labels.get(code, code) for code in self.skills]


def translated(model, objects):
    """{pk: the object in the active language} in one query (none in the default language)."""
    objects = {obj.pk: obj for obj in objects}
    locale = Locale.get_active()
    if not objects or all(obj.locale_id == locale.pk for obj in objects.values()):
        return objects
    by_key = {
        t.translation_key: t
        for t in model.objects.filter(
            translation_key__in=[o.translation_key for o in objects.values()], locale=locale
        )
    }
    return {pk: by_key.get(obj.translation_key, obj) for pk, obj in objects.items()}


QUARTER = Decimal("0.25")


def worked_hours(checked_in_at, checked_out_at):
    """Hours between check-in and check-out, to the nearest quarter hour; a shift across
    midnight is simply later on the next day."""
    if not checked_in_at or not checked_out_at or checked_out_at <= checked_in_at:
        return None
    seconds = Decimal((checked_out_at - checked_in_at).total_seconds())
    quarters = (seconds / 900).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return quarters * QUARTER


class ShiftSignup(SeatClaim):
    """A volunteer's place on a shift (or in line for one), and the hours they gave."""

    shift = models.ForeignKey(
        Shift, verbose_name=_("shift"), on_delete=models.CASCADE, related_name="signups"
    )
    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("volunteer"), on_delete=models.PROTECT, related_name="signups"
    )
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by staff"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_out_at = models.DateTimeField(_("checked out"), null=True, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=2, null=True, blank=True)
    no_show = models.BooleanField(_("no-show"), default=False)
    reminder_queued_at = models.DateTimeField(null=True, blank=True, editable=False)
    swap_offered_at = models.DateTimeField(
        _("place offered for swap"),
        null=True,
        blank=True,
        help_text=_("The volunteer cannot come and offers the place; they stay on until taken."),
    )
    handed_over_to = models.ForeignKey(
        "self",
        verbose_name=_("handed over to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("shift sign-up")
        verbose_name_plural = _("shift sign-ups")
        ordering = ["shift__starts_at", "created_at", "pk"]
        indexes = [models.Index(fields=["shift", "status", "queued_at"])]
        constraints = [
            # The database's own guard behind the service: one live sign-up per shift and person.
            models.UniqueConstraint(
                fields=["shift", "volunteer"],
                condition=Q(status__in=[str(s) for s in LIVE]),
                name="volunteers_one_live_signup",
            ),
        ]

    def __str__(self):
        return f"{self.volunteer} – {self.shift}"

    @property
    def swap_pending(self):
        return self.status == Status.CONFIRMED and self.swap_offered_at is not None


class ShiftMessage(models.Model):
    """A coordinator's mail to everyone on a shift (e.g. "bring gloves", "meet at the back
    door"); kept, so that one can see later who was told what."""

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="messages")
    subject = models.CharField(_("subject"), max_length=100)
    body = models.TextField(_("message"), max_length=2000)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("message to a shift")
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject


class VolunteerMail(OutboxMessage):
    """A mail to a volunteer, written in the transaction of the change it reports and
    delivered by `volunteers.tasks.deliver_mail` (`cms.core.outbox`): a failing mail server
    delays it, never loses it. What it says, and its private link, are made at delivery."""

    class Kind(models.TextChoices):
        CONFIRM = "confirm", _("Confirm the e-mail address")
        LINK = "link", _("Link to the volunteer page")
        PLACE_OPENED = "place_opened", _("A place opened up")
        SHIFT_CANCELLED = "shift_cancelled", _("Shift cancelled")
        SHIFT_MESSAGE = "shift_message", _("Message to a shift")
        REMINDER = "reminder", _("Reminder")
        SWAP_OFFERED = "swap_offered", _("Place offered for swap")
        HANDED_OVER = "handed_over", _("Place taken over by someone else")
        TOOK_OVER = "took_over", _("Took over a place")

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="mails")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    signup = models.ForeignKey(
        ShiftSignup, null=True, blank=True, on_delete=models.CASCADE, related_name="mails"
    )
    shift_message = models.ForeignKey(
        ShiftMessage, null=True, blank=True, on_delete=models.CASCADE, related_name="mails"
    )
    # Where a link should lead: the shifts of the opportunity whose QR code was scanned.
    opportunity = models.ForeignKey(
        VolunteerOpportunity, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    delivery_task = "volunteers.tasks.deliver_mail"
    platform_path = "volunteer__person__platform"
    undelivered_related = ("volunteer__person", "signup__shift__role", "shift_message")
    delivery_related = (
        "volunteer__person",
        "signup__shift__opportunity",
        "signup__shift__role",
        "shift_message",
        "opportunity",
    )

    class Meta:
        verbose_name = _("mail to a volunteer")
        verbose_name_plural = _("mails to volunteers")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.kind} #{self.volunteer_id}"

    def recipient(self):
        return self.volunteer.person

    def about(self):
        if self.shift_message_id:
            return f"{self.get_kind_display()}: {self.shift_message.subject}"
        if self.signup_id:
            return f"{self.get_kind_display()}: {self.signup.shift}"
        return self.get_kind_display()

    # What the mail says, and its private link, are decided by the tasks module (which
    # imports this one) at delivery, in the volunteer's language.

    def still_due(self):
        from volunteers.tasks import still_due

        return still_due(self) if self.signup_id else None

    @cached_property
    def _parts(self):
        from volunteers.tasks import mail_parts

        return mail_parts(self)

    @property
    def body_template(self):
        return f"volunteers/mail/{self._parts[0]}.txt"

    def subject(self):
        return self._parts[1]

    def context(self):
        person = self.volunteer.person
        return {
            "volunteer": self.volunteer,
            "person": person,
            "signup": self.signup,
            **self._parts[2],
        }
