"""Platform meetings (PF会議, 分科会): an event marked members-only. Only the member accounts of
the organisations whose tier is invited (and staff) see it and register, through the normal
registration machinery; agenda, materials, minutes and action items live on the page, which a
Wagtail view restriction keeps out of every public list, search, feed and sitemap
(`events.services.meetings`). Who may attend is answered in `events.queries`."""

from types import SimpleNamespace

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldRowPanel
from wagtail.models import Orderable

from cms.core.outbox import OutboxMessage, Skip


class MeetingMaterial(Orderable):
    """A document handed out for a meeting; kept in the members' collection (restricted)."""

    page = ParentalKey(
        "events.EventPage", related_name="meeting_materials", on_delete=models.CASCADE
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(
        _("title"), max_length=200, blank=True, help_text=_("Leave empty to use the document's.")
    )

    panels = [FieldRowPanel(["document", "title"])]

    class Meta(Orderable.Meta):
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self):
        return self.title or self.document.title


class ActionItem(Orderable):
    """What one member organisation agreed to do after a meeting, and by when."""

    page = ParentalKey("events.EventPage", related_name="action_items", on_delete=models.CASCADE)
    organisation = models.ForeignKey(
        "directory.MemberOrganisationPage",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    description = models.CharField(_("what"), max_length=300)
    due_on = models.DateField(_("due"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)

    panels = [FieldRowPanel(["description", "organisation"]), FieldRowPanel(["due_on", "done"])]

    class Meta(Orderable.Meta):
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    def __str__(self):
        return self.description

    @property
    def overdue(self):
        return not self.done and self.due_on is not None and self.due_on < timezone.localdate()


class MeetingInvitation(OutboxMessage):
    """The invitation mail to one invited organisation: one per meeting and organisation, so
    publishing the meeting again invites only organisations not invited yet."""

    platform_path = "event"

    event = models.ForeignKey(
        "events.EventPage", on_delete=models.CASCADE, related_name="invitations"
    )
    organisation = models.ForeignKey(
        "directory.MemberOrganisationPage", on_delete=models.CASCADE, related_name="+"
    )

    delivery_task = "events.tasks.deliver_invitation"
    undelivered_related = ("event", "organisation")
    delivery_related = undelivered_related
    body_template = "events/mail/invitation.txt"

    class Meta:
        verbose_name = _("meeting invitation")
        verbose_name_plural = _("meeting invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organisation"], name="events_one_invitation_per_organisation"
            )
        ]

    def __str__(self):
        return f"{self.event_id} → {self.organisation_id}"

    def recipient(self):
        # The staff list shows a recipient's name and address.
        return SimpleNamespace(name=self.organisation.title, email=self.organisation.email)

    def about(self):
        return f"{self.event.title}"

    # Organisations are written to in the platform's language, at the addresses of the
    # people who edit their profile (or the organisation's own address).

    def addresses(self):
        # A task module, loaded at delivery rather than with the models.
        from cms.directory.members.tasks import profile_editors

        organisation = self.organisation
        recipients = [user.email for user in profile_editors(organisation)]
        if not recipients and organisation.email:
            recipients = [organisation.email]
        if not recipients:
            raise Skip("no address")
        return recipients

    def language(self):
        return settings.LANGUAGE_CODE

    def subject(self):
        return f"{gettext('Invitation')}: {self.event.title}"

    def context(self):
        from events.platforms import address

        event = self.event
        return {
            "organisation": self.organisation,
            "event": event,
            "sessions": list(event.sessions.all()),
            "link": address(event),
        }
