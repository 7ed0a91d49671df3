"""What the secretariat keeps about member organisations besides their public profile pages."""

from types import SimpleNamespace

from django.db import models
from django.utils.translation import gettext_lazy as _

from cms.core.outbox import OutboxMessage


class MembershipTier(models.Model):
    """幹事団体, 一般団体, アドバイザー, オブザーバー…: how a member takes part. Kept by the
    secretariat and never shown on public pages."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    panels = ["name", "description", "sort_order"]

    class Meta:
        verbose_name = _("membership tier")
        verbose_name_plural = _("membership tiers")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class MembershipQuerySet(models.QuerySet):
    def for_page(self, page):
        """The membership of page's organisation, whichever translation page is."""
        return self.filter(page__translation_key=page.translation_key)

    def organisations(self):
        """These memberships as a filter on profile pages in any language:
        `pages.filter(translation_key__in=Membership.objects.filter(...).organisations())`."""
        return self.values("page__translation_key")


class Membership(models.Model):
    """The secretariat's record of one member organisation: its tier, whether it still takes
    part, and when it last confirmed its profile. It is not page content: the member neither
    sees nor edits it, it is not moderated, not in the page's revisions and not translated, so
    approving a member's draft never brings back an old status or date.

    One row per organisation, on the organisation's first page (its page in the default
    language, which approval creates; translations are made from it). A one-to-one to that page
    rather than a bare translation key: the database keeps it pointing at a real profile, deletes
    it with the profile, and lists and filters join it directly. Every translation finds the same
    row through `translation_key` (`Membership.objects.for_page`)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        LEFT = "left", _("Left the platform")

    page = models.OneToOneField(
        "directory.MemberOrganisationPage",
        verbose_name=_("member organisation"),
        on_delete=models.CASCADE,
        related_name="membership",
    )
    tier = models.ForeignKey(
        MembershipTier,
        verbose_name=_("membership tier"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="memberships",
    )
    status = models.CharField(
        _("membership status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    last_confirmed_on = models.DateField(
        _("profile last confirmed"),
        null=True,
        blank=True,
        help_text=_("When the organisation last confirmed that its profile is up to date."),
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        # one permission for everything: rows come and go with the profile pages
        default_permissions = ()
        permissions = [
            ("manage_membership", _("Can manage membership tier, status and confirmation")),
        ]

    def __str__(self):
        return self.page.title


class ProfileConfirmationRequest(OutboxMessage):
    """The yearly mail that asks a member to confirm or update its profile, in the outbox: one
    per profile and year, so the task can run again without mailing twice."""

    page = models.ForeignKey(
        "directory.MemberOrganisationPage",
        on_delete=models.CASCADE,
        related_name="confirmation_requests",
    )
    year = models.PositiveIntegerField()

    delivery_task = "cms.directory.members_tasks.send_confirmation_request"
    undelivered_related = ("page",)

    class Meta:
        verbose_name = _("profile confirmation request")
        verbose_name_plural = _("profile confirmation requests")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "year"], name="directory_one_confirmation_request_a_year"
            )
        ]

    def __str__(self):
        return f"{self.page_id} {self.year}"

    def recipient(self):
        return SimpleNamespace(name=self.page.title, email=self.page.email)

    def about(self):
        return _("Profile confirmation %(year)s: %(member)s") % {
            "year": self.year,
            "member": self.page.title,
        }
