from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.snippets.models import register_snippet

from cms.core import freshness
from cms.core.dashboard import AttentionItem
from cms.directory.members.views import confirm_profile, membership_of_page
from cms.directory.members.viewsets import (
    MembershipApplicationViewSet,
    MembershipTierViewSet,
    MembershipViewSet,
    membership_permission_policy,
)
from cms.directory.models import MemberOrganisationPage
from cms.directory.queries import next_opening_or_closing, pending_applications

register_snippet(MembershipTierViewSet)


@hooks.register("register_admin_viewset")
def register_membership_applications():
    return MembershipApplicationViewSet("membership_applications")


@hooks.register("register_admin_viewset")
def register_memberships():
    return MembershipViewSet("memberships")


@hooks.register("register_admin_urls")
def member_admin_urls():
    return [
        path(
            "members/confirm/<int:page_id>/",
            confirm_profile,
            name="member_confirm_profile",
        ),
        path(
            "members/membership/<int:page_id>/",
            membership_of_page,
            name="member_membership",
        ),
    ]


class MembershipButton(PageMenuItem):
    """From a member's page to its membership, for the secretariat only."""

    label = _("Membership")
    icon_name = "group"
    priority = 12

    @property
    def url(self):
        return reverse("member_membership", args=[self.page.pk])

    def is_shown(self, user):
        return isinstance(
            self.page.specific_deferred, MemberOrganisationPage
        ) and membership_permission_policy.user_has_permission(user, "change")


@hooks.register("register_page_header_buttons")
def membership_header_button(page, user, view_name, next_url=None):
    yield MembershipButton(page=page)


@hooks.register("register_page_listing_more_buttons")
def membership_listing_button(page, user, next_url=None):
    yield MembershipButton(page=page)


@hooks.register("register_attention_items")
def applications_attention(request, scope):
    if not scope.user.has_perm("directory.change_membershipapplication"):
        return None
    return [
        AttentionItem(
            "applications",
            _("applications to join awaiting a decision"),
            pending_applications(scope.platforms),
            reverse("membership_applications:index") + "?status=pending",
        )
    ]


@hooks.register(freshness.CLOCK_HOOK)
def next_window_opening_or_closing(now):
    """A window's 「受付中」 turns to 「受付時間外」 at its closing time (issue 21)."""
    return next_opening_or_closing(now)
