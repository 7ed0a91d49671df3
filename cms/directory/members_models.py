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
