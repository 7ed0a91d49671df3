"""Imported calendars in the Wagtail admin: the secretariat manages every source; a member
organisation's editor registers and edits sources for its own organisation only. The
secretariat reviews the imported events of sources that do not publish directly."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import LiveStatusTagColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import GroupPagePermission, Locale
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.core.models import PlatformRole
from cms.core.platform_admin import PlatformScopedViewSetMixin
from cms.core.roles import SECRETARIAT
from cms.directory.models import MemberOrganisationPage
from events import platforms
from events.models import CalendarSource, EventIndexPage, ImportedEvent


def own_organisations(user):
    """The member organisations whose profile the user may edit through a group (how
    `approve_application` gives a member its account)."""
    pages = GroupPagePermission.objects.filter(group__user=user).values("page")
    return MemberOrganisationPage.objects.filter(pk__in=pages)


def is_secretariat(user, action="change"):
    return user.is_active and (
        user.has_perm(f"events.{action}_calendarsource")
        or PlatformRole.objects.filter(role=SECRETARIAT, group__user=user).exists()
    )


class CalendarSourcePermissionPolicy(ModelPermissionPolicy):
    def _is_staff(self, user, action):
        return is_secretariat(user, action if action in ("add", "change", "delete") else "view")

    def user_has_permission(self, user, action):
        if self._is_staff(user, action):
            return True
        return user.is_active and own_organisations(user).exists()

    def user_has_permission_for_instance(self, user, action, instance):
        if self._is_staff(user, action) and instance.platform_id in platforms.staff_pks(user):
            return True
        return own_organisations(user).filter(pk=instance.organisation_id).exists()

    def instances_user_has_any_permission_for(self, user, actions):
        own = CalendarSource.objects.filter(organisation__in=own_organisations(user))
        if any(self._is_staff(user, action) for action in actions):
            # The secretariat's sources are its own platform's (issue 18).
            return CalendarSource.objects.filter(platform__in=platforms.staff_pks(user)) | own
        return own


POLICY = CalendarSourcePermissionPolicy(CalendarSource)


def platforms_of_user(user):
    """The platforms an account works for: those its groups hold a role for, and those of
    the member organisations it edits."""
    organisations = [
        platforms.of_path(path) for path in own_organisations(user).values_list("path", flat=True)
    ]
    own = platforms.of_staff(user)
    for info in organisations:
        if info is not None and info not in own:
            own.append(info)
    return own


register_permission_policy(CalendarSource, POLICY)


class CalendarSourceForm(WagtailAdminModelForm):
    """A member's editor must choose one of their own organisations."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        # Imported events belong to the original-language index; its translations show them.
        indexes = EventIndexPage.objects.filter(locale=Locale.get_default())
        if for_user is not None:
            # Only the indexes (and organisations) of the account's own platforms.
            own = platforms_of_user(for_user)
            indexes = indexes.filter(platforms.under(own))
            self.fields["organisation"].queryset = self.fields["organisation"].queryset.filter(
                platforms.under(own)
            )
        self.fields["index"].queryset = indexes
        if for_user is not None and not is_secretariat(for_user, "add"):
            field = self.fields["organisation"]
            field.queryset = own_organisations(for_user)
            field.required = True
            field.empty_label = None
            # Whether a feed is trusted is the secretariat's decision, not its owner's.
            del self.fields["publish_directly"]

    # webcal:// is what "subscribe" buttons give; URLField would refuse it before clean_url.
    url = forms.CharField(label=_("iCal address"), max_length=500)

    class Meta:
        model = CalendarSource
        fields = ["name", "url", "organisation", "index", "active", "publish_directly"]

    def clean_url(self):
        url = self.cleaned_data["url"].strip()
        if url.startswith("webcal://"):
            url = "https://" + url.removeprefix("webcal://")
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError as error:
            raise forms.ValidationError(
                _("Give an address that starts with https:// (or webcal://).")
            ) from error
        return url


def _visible(user):
    return POLICY.instances_user_has_any_permission_for(user, ["change", "delete", "view"])


class OwnSourcesIndexView(generic.IndexView):
    def get_base_queryset(self):
        return _visible(self.request.user).select_related("organisation")


class CalendarSourceViewSet(PlatformScopedViewSetMixin, ModelViewSet):
    """A member's editor opening another organisation's source gets a 404, as if it did not
    exist (the mixin's guard of every view of one source)."""

    index_view_class = OwnSourcesIndexView
    model = CalendarSource
    icon = "calendar"
    menu_label = _("Imported calendars")
    menu_order = 340
    add_to_admin_menu = True
    copy_view_enabled = False
    list_display = [
        "name",
        "organisation",
        "active",
        "publish_directly",
        "last_ok_at",
        "last_error",
    ]
    list_filter = ["active"]
    search_fields = ["name", "url"]

    def get_form_class(self, for_update=False):
        return CalendarSourceForm

    def scoped(self, queryset, user):
        return queryset.filter(pk__in=_visible(user).values("pk"))

    editable = scoped

    def check_create(self, request):
        """A member's editor, in no platform's group, adds its organisation's sources: the
        permission policy and the form's choices decide."""


def _own_sources(request):
    """The sources the filter offers: the account's platforms' only (their names too are
    another platform's business)."""
    if request is None:
        return CalendarSource.objects.none()
    return CalendarSource.objects.filter(platform__in=platforms.staff_pks(request.user))


class ImportedEventFilterSet(WagtailFilterSet):
    source = django_filters.ModelChoiceFilter(
        label=CalendarSource._meta.verbose_name, queryset=_own_sources
    )

    class Meta:
        model = ImportedEvent
        fields = ["source", "live"]


class ImportedEventViewSet(PlatformScopedViewSetMixin, SnippetViewSet):
    """Where the secretariat reviews what members' calendars bring (the workflow's "awaiting
    your review" links here). The feed is the source of truth: an edit here is overwritten
    by the next change in the feed."""

    model = ImportedEvent
    icon = "calendar-alt"
    menu_label = _("Imported events")
    menu_order = 341
    add_to_admin_menu = True
    list_display = ["title", "source", "starts_at", "location", LiveStatusTagColumn()]
    filterset_class = ImportedEventFilterSet
    search_fields = ["title", "location"]
    panels = [
        "title",
        "starts_at",
        "ends_at",
        "all_day",
        "location",
        "url",
        "description",
        "status",
    ]

    platform_path = "source__platform"

    def get_queryset(self, request):
        return ImportedEvent.objects.select_related("source")
