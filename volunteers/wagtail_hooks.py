from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from cms.core import freshness
from cms.core.admin_views import LoggedIndexView, PeopleChooserViewSet
from cms.core.dashboard import AttentionItem
from cms.core.frame import MENU_HOOK
from cms.core.platform_admin import PlatformScopedViewSetMixin, choice_of_mine
from cms.people.mypage import SECTIONS_HOOK
from cms.people.queries import recognised_qualifications
from events.commitments import HOOK as COMMITMENTS_HOOK
from volunteers import admin_views, commitments, mypage, queries, services, views, yearly
from volunteers.models import Role, Shift, Volunteer, VolunteerOpportunity

# Each platform's coordinators see and change only its volunteering, and a prefecture's
# 都道府県担当 reads its municipalities' (cms.core.platform_admin).


class OpportunityViewSet(PlatformScopedViewSetMixin, SnippetViewSet):
    model = VolunteerOpportunity
    icon = "group"
    menu_label = _("Opportunities")
    list_display = ["title", "place", "event", "contact_name"]
    list_filter = ["locale"]
    search_fields = ["title", "place"]


class RoleViewSet(PlatformScopedViewSetMixin, SnippetViewSet):
    model = Role
    icon = "tag"
    menu_label = _("Roles")
    list_display = ["name", "qualification"]
    list_filter = ["locale"]
    choice_filters = {"qualification": recognised_qualifications}


class ShiftFilterSet(WagtailFilterSet):
    opportunity = choice_of_mine(VolunteerOpportunity, _("opportunity"))
    role = choice_of_mine(Role, _("role"))

    class Meta:
        model = Shift
        fields = {"starts_at": ["gte", "lte"]}


class ShiftViewSet(PlatformScopedViewSetMixin, SnippetViewSet):
    model = Shift
    icon = "time"
    menu_label = _("Shifts")
    list_display = ["__str__", "opportunity", "starts_at", "min_people", "capacity"]
    filterset_class = ShiftFilterSet
    ordering = ["starts_at"]
    platform_path = "opportunity__platform"

    def get_queryset(self, request):
        return Shift.objects.select_related("role", "opportunity")


class VolunteerIndexView(LoggedIndexView, IndexView):
    log_kind = "volunteers"


class VolunteerViewSet(PlatformScopedViewSetMixin, SnippetViewSet):
    """Staff only (snippet permissions): who volunteers, never shown publicly; every list
    shown is logged."""

    model = Volunteer
    index_view_class = VolunteerIndexView
    chooser_viewset_class = PeopleChooserViewSet
    platform_path = "person__platform"
    icon = "user"
    menu_label = _("Volunteers")
    list_display = ["__str__", "created_at", "email_confirmed_at"]
    search_fields = ["person__name", "person__name_kana", "person__email"]
    panels = ["languages", "skills"]

    def get_queryset(self, request):
        return Volunteer.objects.select_related("person")


class VolunteeringGroup(SnippetViewSetGroup):
    items = (OpportunityViewSet, RoleViewSet, ShiftViewSet, VolunteerViewSet)
    menu_icon = "group"
    menu_label = _("Volunteering")
    menu_order = 340


register_snippet(VolunteeringGroup)


@hooks.register("after_edit_snippet")
@hooks.register("after_create_snippet")
def apply_shift_changes(request, instance):
    """An edited shift goes through the rules: more places promote the waitlist, a
    cancelled shift cancels its sign-ups."""
    if isinstance(instance, Shift):
        services.shift_edited(instance)


admin_urlpatterns = [
    path("", admin_views.roster_index, name="index"),
    path("<int:opportunity_id>/", admin_views.roster, name="roster"),
    path(
        "<int:opportunity_id>/export.csv",
        admin_views.roster_export,
        {"file_format": "csv"},
        name="export",
    ),
    path(
        "<int:opportunity_id>/export.xlsx",
        admin_views.roster_export,
        {"file_format": "xlsx"},
        name="export_xlsx",
    ),
    path(
        "<int:opportunity_id>/volunteers/<int:volunteer_id>/hours.pdf",
        admin_views.hours_certificate,
        name="hours_certificate",
    ),
    path("<int:opportunity_id>/poster/", admin_views.poster, name="poster"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("volunteer-rosters/", include((admin_urlpatterns, "volunteers_admin")))]


class RosterMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("volunteers.change_shift")


@hooks.register("register_admin_menu_item")
def register_roster_menu_item():
    return RosterMenuItem(
        _("Volunteer rosters"), reverse("volunteers_admin:index"), icon_name="list-ul", order=345
    )


@hooks.register("food_drive_page_slots")
def volunteering_for_food_drive(page, request):
    """The volunteer opportunities of a food drive, shown on its page (HTML, or "" when it
    has none); events cannot import volunteers, so the drive's page asks through this hook."""
    return views.food_drive_section(page, request)


hooks.register(SECTIONS_HOOK, mypage.shifts_section)


@hooks.register("register_public_urls", order=90)
def public_urls():
    return [path("volunteers/", include("volunteers.urls"))]


@hooks.register(MENU_HOOK)
def volunteering_in_menu(site):
    """The shifts in the main menu of a platform that asks for volunteers."""
    if not VolunteerOpportunity.objects.filter(platform__site=site).exists():
        return []
    return [{"title": str(_("Volunteering")), "url": reverse("volunteers:shifts")}]


@hooks.register(freshness.CLOCK_HOOK)
def next_shift_change(now):
    return queries.next_change_by_clock(now)


hooks.register("register_yearly_section", yearly.volunteers_section)


@hooks.register("register_attention_items")
def shifts_attention(request, scope):
    """Shifts of the next two weeks that still need people."""
    if not scope.user.has_perm("volunteers.change_shift"):
        return None
    return [
        AttentionItem(
            "short_shifts",
            _("shifts short of people in the next 14 days"),
            queries.short_shifts(scope.platforms, now=scope.now),
            reverse("volunteers_admin:index"),
        )
    ]


# Registering for an event warns of a shift at the same time (events.commitments).
hooks.register(COMMITMENTS_HOOK, commitments.shifts_of)
