"""The secretariat's side of membership in the Wagtail admin: applications to join, tiers and
each organisation's membership."""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.views.generic import EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Page
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.core.errors import attach
from cms.core.models import Platform
from cms.core.platform import of_page, pages_of, staff_platforms
from cms.core.platform_admin import PlatformScopedViewSetMixin
from cms.directory.members.applications import MembershipApplication
from cms.directory.members.models import Membership, MembershipTier
from cms.directory.members.services import (
    ApplicationError,
    approve_application,
    decline_application,
)


class ApplicationPermissionPolicy(ModelPermissionPolicy):
    """Applications come only from the public form: nobody adds or copies one in the admin."""

    def user_has_permission(self, user, action):
        if action == "add":
            return False
        return super().user_has_permission(user, action)


register_permission_policy(
    MembershipApplication, ApplicationPermissionPolicy(MembershipApplication)
)


class MembershipPermissionPolicy(ModelPermissionPolicy):
    """Seeing and changing memberships takes `directory.manage_membership`. Nobody adds or
    deletes one here: a membership comes with its organisation's page and goes with it."""

    def user_has_permission(self, user, action):
        if action in ("add", "delete"):
            return False
        return user.is_active and user.has_perm("directory.manage_membership")

    def users_with_any_permission(self, actions):
        if not set(actions) - {"add", "delete"}:
            return get_user_model().objects.none()
        return self._get_users_with_any_permission_codenames(["manage_membership"])


membership_permission_policy = MembershipPermissionPolicy(Membership)
register_permission_policy(Membership, membership_permission_policy)


def _tiers_of_staff(request):
    """The tiers a list of memberships may be filtered by: those of the staff's platforms."""
    if request is None:
        return MembershipTier.objects.none()
    return MembershipTier.objects.filter(platform__in=staff_platforms(request.user))


class MembershipFilterSet(WagtailFilterSet):
    tier = django_filters.ModelChoiceFilter(label=_("membership tier"), queryset=_tiers_of_staff)
    last_confirmed_on = django_filters.DateFromToRangeFilter(
        label=_("Profile last confirmed"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Membership
        fields = ["status", "tier", "last_confirmed_on"]


class MembershipForm(WagtailAdminModelForm):
    """The tiers to choose from are those of the organisation's platform."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "tier" in self.fields and self.instance.page_id:
            platform = of_page(self.instance.page)
            self.fields["tier"].queryset = MembershipTier.objects.filter(platform=platform)


class MembershipIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("page", "tier")


class MembershipViewSet(PlatformScopedViewSetMixin, ModelViewSet):
    """Which organisations take part, in which tier, and which have not confirmed their
    profile for a while: the list the secretariat filters, and where it changes them."""

    model = Membership
    icon = "group"
    menu_label = _("Memberships")
    menu_order = 325
    add_to_admin_menu = True
    copy_view_enabled = False
    index_view_class = MembershipIndexView
    list_display = ["page__title", "tier", "status", "last_confirmed_on"]
    filterset_class = MembershipFilterSet
    search_fields = ["page__title", "page__name_kana"]
    ordering = ["page__name_kana", "page__title"]

    def platform_filter(self, platforms):
        """A membership is its organisation's page's platform's."""
        pages = Page.objects.none()
        for platform in Platform.objects.filter(pk__in=platforms).select_related("site"):
            pages = pages | pages_of(platform)
        return Q(page__in=pages.values("pk"))

    edit_handler = ObjectList(
        [
            FieldPanel("page", read_only=True),
            FieldPanel("tier"),
            FieldPanel("status"),
            FieldPanel("last_confirmed_on"),
        ],
        base_form_class=MembershipForm,
    )


class MembershipTierViewSet(PlatformScopedViewSetMixin, SnippetViewSet):
    model = MembershipTier
    icon = "list-ol"
    menu_label = _("Membership tiers")
    menu_order = 330
    add_to_admin_menu = True
    list_display = ["name", "description", "sort_order"]


class DecisionForm(WagtailAdminModelForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )

    def clean(self):
        cleaned = super().clean()
        if self.instance.status != MembershipApplication.Status.PENDING:
            raise forms.ValidationError(_("This application has already been decided."))
        if cleaned.get("decision") == "decline" and not cleaned.get("decision_reason", "").strip():
            self.add_error("decision_reason", _("Tell the applicant why it is declined."))
        return cleaned


class DecideView(EditView):
    def save_instance(self):
        data = self.form.cleaned_data
        decide = approve_application if data["decision"] == "approve" else decline_application
        return decide(self.object, by=self.request.user, reason=data["decision_reason"])

    def form_valid(self, form):
        # Decided meanwhile by a colleague, or no member index to add the profile under: the
        # service refuses (and rolls back), and the form says why.
        try:
            return super().form_valid(form)
        except ApplicationError as refusal:
            attach(form, refusal)
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


class MembershipApplicationViewSet(PlatformScopedViewSetMixin, ModelViewSet):
    model = MembershipApplication
    icon = "group"
    menu_label = _("Applications to join")
    menu_order = 320
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    edit_view_class = DecideView
    list_display = ["organisation_name", "organisation_type", "status", "created_at"]
    list_filter = ["status", "organisation_type"]
    search_fields = ["organisation_name", "organisation_name_kana"]
    inspect_view_fields = [
        "organisation_name",
        "organisation_name_kana",
        "organisation_type",
        "representative_role",
        "contact",
        "topics",
        "description",
        "status",
        "decision_reason",
        "decided_at",
        "decided_by",
        "notified_at",
        "profile_page",
        "created_at",
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("organisation_name", read_only=True),
            FieldPanel("organisation_name_kana", read_only=True),
            FieldPanel("organisation_type", read_only=True),
            FieldPanel("representative_role", read_only=True),
            FieldPanel("description", read_only=True),
            FieldPanel("status", read_only=True),
            FieldPanel("decision"),
            FieldPanel("decision_reason"),
        ],
        base_form_class=DecisionForm,
    )
