"""Applications to join the platform (参画申込), reviewed by the secretariat."""

import hashlib
from types import SimpleNamespace

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel

from cms.core.models import platform_field
from cms.core.outbox import OutboxMessage, Skip
from cms.core.text import normalise, normalise_email
from cms.directory.members.kana import normalise_kana
from cms.directory.members.models import MemberOrganisationPage


def application_key(organisation_name, email):
    """The same organisation applying again from the same address, whatever the spelling width
    or spaces: the key that recognises a duplicate."""
    name = normalise(organisation_name or "").replace(" ", "").casefold()
    return hashlib.sha256(f"{name}\n{normalise_email(email or '').casefold()}".encode()).hexdigest()


class MembershipApplication(ClusterableModel):
    """An organisation's request to join. The contact person's details live in `Person`."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    platform = platform_field(help_text=_("The platform the organisation applied to join."))
    organisation_name = models.CharField(_("organisation name"), max_length=200)
    organisation_name_kana = models.CharField(_("organisation name in kana"), max_length=200)
    organisation_type = models.CharField(
        _("organisation type"),
        max_length=40,
        choices=MemberOrganisationPage.OrganisationType.choices,
    )
    representative_role = models.CharField(
        _("representative's role"),
        max_length=100,
        help_text=_("The role of the organisation's representative, e.g. 理事長 or 会長."),
    )
    contact = models.ForeignKey(
        "people.Person",
        verbose_name=_("contact person"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="membership_applications",
    )
    topics = ParentalManyToManyField(
        "core.Topic", verbose_name=_("fields and target groups"), blank=True
    )
    description = models.TextField(_("what the organisation does"), max_length=400)
    duplicate_key = models.CharField(max_length=64, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notified_at = models.DateTimeField(_("applicant notified"), null=True, blank=True)
    profile_page = models.ForeignKey(
        MemberOrganisationPage,
        verbose_name=_("profile page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")
        ordering = ["-created_at"]
        constraints = [
            # a second application while the first waits is the same application
            models.UniqueConstraint(
                fields=["platform", "duplicate_key"],
                condition=Q(status="pending"),
                name="directory_one_pending_application_per_organisation_and_email",
            ),
        ]

    def __str__(self):
        return self.organisation_name

    def save(self, *args, **kwargs):
        self.organisation_name_kana = normalise_kana(self.organisation_name_kana)
        super().save(*args, **kwargs)


class DecisionMail(OutboxMessage):
    """The mail telling an applicant the secretariat's decision (with the invitation to set a
    password when approved), in the outbox: sent once, retried, listed when undelivered."""

    platform_path = "application__platform"

    application = models.OneToOneField(
        MembershipApplication, on_delete=models.CASCADE, related_name="decision_mail"
    )

    delivery_task = "cms.directory.members.tasks.notify_applicant"
    undelivered_related = ("application__contact",)
    delivery_related = ("application__contact", "application__account")
    subject_template = "directory/members_mail_{kind}_subject.txt"
    body_template = "directory/members_mail_{kind}.txt"

    class Meta:
        verbose_name = _("membership decision mail")
        verbose_name_plural = _("membership decision mails")

    def __str__(self):
        return str(self.application)

    def recipient(self):
        contact = self.application.contact
        return contact or SimpleNamespace(name=self.application.organisation_name, email="")

    def about(self):
        return _("Membership decision: %(organisation)s") % {
            "organisation": self.application.organisation_name
        }

    @property
    def kind(self):
        approved = self.application.status == MembershipApplication.Status.APPROVED
        return "approved" if approved else "declined"

    def addresses(self):
        application = self.application
        if application.status == MembershipApplication.Status.PENDING:
            raise Skip("not decided")
        if application.contact is None or not application.contact.email:
            raise Skip("no address")
        return [application.contact.email]

    def language(self):
        return self.application.contact.language

    def context(self):
        # The tasks deliver these rows (they import this module): the invitation is theirs.
        from cms.directory.members.tasks import invitation_url

        application = self.application
        approved = self.kind == "approved"
        return {
            "application": application,
            "contact": application.contact,
            "invitation_url": invitation_url(application.account)
            if approved and application.account
            else "",
        }
