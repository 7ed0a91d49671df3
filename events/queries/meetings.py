"""Who may see a platform meeting and its action items (events.models.meetings)."""

from django.conf import settings
from django.db.models import (
    Q,
)


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
