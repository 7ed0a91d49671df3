from wagtail import hooks
from wagtail.snippets.models import register_snippet

from cms.directory.members_viewsets import MembershipApplicationViewSet, MembershipTierViewSet

register_snippet(MembershipTierViewSet)


@hooks.register("register_admin_viewset")
def register_membership_applications():
    return MembershipApplicationViewSet("membership_applications")
