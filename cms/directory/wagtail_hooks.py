from django.urls import path
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from cms.directory.members_views import confirm_profile
from cms.directory.members_viewsets import MembershipApplicationViewSet, MembershipTierViewSet

register_snippet(MembershipTierViewSet)


@hooks.register("register_admin_viewset")
def register_membership_applications():
    return MembershipApplicationViewSet("membership_applications")


@hooks.register("register_admin_urls")
def member_admin_urls():
    return [
        path(
            "members/confirm/<int:page_id>/",
            confirm_profile,
            name="member_confirm_profile",
        )
    ]
