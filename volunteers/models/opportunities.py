"""Volunteer opportunities and their roles: translatable snippets that residents read only
through the list of shifts (see the package)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldRowPanel, MultiFieldPanel
from wagtail.models import Locale, TranslatableMixin
from wagtail_localize.fields import SynchronizedField

from cms.core import platform as platforms
from cms.core.models import platform_field
from cms.people.services import recognises


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
    # The number to call is the same in every language.
    override_translatable_fields = [SynchronizedField("contact_phone", overridable=False)]

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
