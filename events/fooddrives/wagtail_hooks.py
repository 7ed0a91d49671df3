"""Food drives in the Wagtail admin: a "Pledges and stock" button on each drive's page (header
and listing), the staff pages behind it, and the section of the yearly report."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem

from cms.core import freshness
from cms.core.dashboard import AttentionItem
from cms.people.mypage import SECTIONS_HOOK
from events.fooddrives import admin_views, mypage, queries, sections, yearly
from events.fooddrives.models import FoodDrivePage


def _export(route, view, name):
    return [
        path(f"{route}.csv", view, {"file_format": "csv"}, name=name),
        path(f"{route}.xlsx", view, {"file_format": "xlsx"}, name=f"{name}_xlsx"),
    ]


admin_urlpatterns = [
    path("", admin_views.drive_list, name="index"),
    path("<int:drive_id>/", admin_views.drive_view, name="drive"),
    path("<int:drive_id>/add/", admin_views.add_pledge, name="add"),
    path("<int:drive_id>/pledges/<int:pledge_id>/receive/", admin_views.receive, name="receive"),
    path("<int:drive_id>/pledges/<int:pledge_id>/cancel/", admin_views.cancel, name="cancel"),
    path("<int:drive_id>/intake/", admin_views.record_intake, name="intake"),
    path("<int:drive_id>/hand-over/", admin_views.hand_over, name="hand_over"),
    path("<int:drive_id>/correct-stock/", admin_views.correct_stock, name="correct_stock"),
    path(
        "<int:drive_id>/pledges/<int:pledge_id>/receipt/",
        admin_views.pledge_receipt,
        name="pledge_receipt",
    ),
    path(
        "<int:drive_id>/intakes/<int:intake_id>/receipt/",
        admin_views.intake_receipt,
        name="intake_receipt",
    ),
    path(
        "<int:drive_id>/hand-overs/<int:distribution_id>/slip/",
        admin_views.hand_over_slip,
        name="hand_over_slip",
    ),
    *_export("<int:drive_id>/pledges", admin_views.pledge_export, "export"),
    *_export("<int:drive_id>/food", admin_views.stock_export, "stock_export"),
    path("report/", admin_views.yearly_report, name="yearly_report"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("food-drives/", include((admin_urlpatterns, "fooddrives_admin")))]


class PledgesButton(PageMenuItem):
    label = _("Pledges and stock")
    icon_name = "clipboard-list"
    priority = 12

    @property
    def url(self):
        return reverse("fooddrives_admin:drive", args=[self.page.pk])

    def is_shown(self, user):
        return isinstance(self.page.specific_deferred, FoodDrivePage) and user.has_perm(
            "fooddrives.view_pledge"
        )


@hooks.register("register_page_header_buttons")
def pledges_header_button(page, user, view_name, next_url=None):
    yield PledgesButton(page=page)


@hooks.register("register_page_listing_more_buttons")
def pledges_listing_button(page, user, next_url=None):
    yield PledgesButton(page=page)


class FoodDriveDeskMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("fooddrives.view_pledge")


@hooks.register("register_admin_menu_item")
def register_desk_menu_item():
    return FoodDriveDeskMenuItem(
        _("Food drive desk"),
        reverse("fooddrives_admin:index"),
        icon_name="clipboard-list",
        order=346,
    )


# The yearly report's sections (cms.core.yearly, shown by cms.reports).
hooks.register("register_yearly_section", yearly.fooddrives_section)


# What food drives add to pages of cms (events.fooddrives.sections).


@hooks.register("home_page_sections")
def food_drives_on_home(page, request):
    return sections.home_drives(page, request)


@hooks.register("member_profile_sections")
def member_profile_food_drives(member, request):
    return sections.member_drives(member, request)


@hooks.register("newsletter_digest_sections")
def newsletter_digest_food_drives(locale, subscription):
    if subscription.upcoming_events:
        return sections.digest_drives(locale, subscription.platform)
    return None


hooks.register(SECTIONS_HOOK, mypage.pledges_section)


@hooks.register("register_public_urls", order=50)
def public_urls():
    return [path("food-drives/", include("events.fooddrives.urls"))]


@hooks.register(freshness.CLOCK_HOOK)
def next_drive_change(now):
    return queries.next_change_by_clock(now)


@hooks.register("register_attention_items")
def pledges_attention(request, scope):
    """Pledges to be brought to the desk today, by drive."""
    if not scope.user.has_perm("fooddrives.view_pledge"):
        return None
    drives = queries.pledges_due_on(scope.platforms, scope.today)
    rows = tuple(
        (
            _("%(title)s: %(count)d") % {"title": row["drive__title"], "count": row["pledges"]},
            reverse("fooddrives_admin:drive", args=[row["drive"]]),
        )
        for row in drives
    )
    return [
        AttentionItem(
            "pledges",
            _("pledges due at the desk today"),
            sum(row["pledges"] for row in drives),
            rows[0][1] if len(rows) == 1 else reverse("fooddrives_admin:index"),
            rows if len(rows) > 1 else (),
        )
    ]
