"""Platform meetings (PF会議, 分科会): an event marked members-only. Only the member accounts of
the organisations whose tier is invited (and staff) see it and register, through the normal
registration machinery; agenda, materials, minutes and action items live on the page, which a
Wagtail view restriction keeps out of every public list, search, feed and sitemap."""

from types import SimpleNamespace

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldRowPanel
from wagtail.models import Orderable

from cms.core.outbox import OutboxMessage


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

    event = models.ForeignKey(
        "events.EventPage", on_delete=models.CASCADE, related_name="invitations"
    )
    organisation = models.ForeignKey(
        "directory.MemberOrganisationPage", on_delete=models.CASCADE, related_name="+"
    )

    delivery_task = "events.tasks.deliver_invitation"
    undelivered_related = ("event", "organisation")

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


def organisations_of(user):
    """The member organisations whose profile the account may edit: the account's own."""
    from cms.directory.models import MemberOrganisationPage

    if not user.is_authenticated:
        return MemberOrganisationPage.objects.none()
    return MemberOrganisationPage.objects.filter(
        group_permissions__group__in=user.groups.all()
    ).distinct()


def invited_organisations(event):
    """Active members of an invited tier (their profiles in the default language)."""
    from cms.directory.members.models import Membership
    from cms.directory.models import MemberOrganisationPage

    invited = Membership.objects.filter(
        tier__in=event.source.invited_tiers.all(), status=Membership.Status.ACTIVE
    )
    return MemberOrganisationPage.objects.filter(
        translation_key__in=invited.organisations(),
        locale__language_code=settings.LANGUAGE_CODE,
    )


def is_meeting_staff(user, event):
    return user.is_authenticated and (
        user.is_superuser or event.permissions_for_user(user).can_edit()
    )


def may_attend(user, event):
    """Staff, or an account of an invited member organisation."""
    if not user.is_authenticated:
        return False
    if is_meeting_staff(user, event):
        return True
    return invited_organisations(event).filter(pk__in=organisations_of(user).values("pk")).exists()


def action_items_for(user, event):
    """Staff see every action item; a member sees its own organisation's only."""
    items = event.source.action_items.select_related("organisation").order_by(
        "done", "due_on", "sort_order"
    )
    if is_meeting_staff(user, event):
        return items
    return items.filter(Q(organisation__in=organisations_of(user).values("pk")))


def meeting_access_denied(event, request):
    """None when the request may see the page; otherwise the login page (anonymous) or a 404
    (a member not invited), which says nothing of the meeting."""
    from django.http import Http404
    from wagtail.wagtail_hooks import require_wagtail_login

    if not event.source.members_only or getattr(request, "is_preview", False):
        return None
    if not request.user.is_authenticated:
        return require_wagtail_login(next=request.get_full_path())
    if not may_attend(request.user, event):
        raise Http404
    return None


def registrant_initial(user, event):
    """A member account registering for its meeting starts with its own name and address."""
    if not event.source.members_only or not user.is_authenticated:
        return {}
    return {"name": user.get_full_name(), "email": user.email}
