"""Admin for consultation windows and worries; a report of windows nobody has checked for a year."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.core.dashboard import AttentionItem
from cms.core.platform_admin import PlatformScopedViewSetMixin
from cms.directory.queries import windows_to_recheck
from cms.directory.windows.models import ConsultationWindow
from cms.navigator.models import Worry


class ConsultationWindowViewSet(PlatformScopedViewSetMixin, SnippetViewSet):
    """The windows of the staff's platforms, and the nationwide ones, which only an
    administrator changes (the secretariats open them read-only)."""

    model = ConsultationWindow
    shared_field = "nationwide"
    inspect_view_enabled = True
    icon = "help"
    menu_label = _("Consultation windows")
    list_display = ["name", "operator", "area_level", "is_24h", "nationwide", "last_verified"]
    list_filter = ["area_level", "is_24h", "nationwide", "by_phone", "by_line", "by_chat", "locale"]
    search_fields = ["name", "operator"]


class WorryViewSet(PlatformScopedViewSetMixin, SnippetViewSet):
    model = Worry
    icon = "comment"
    menu_label = _("Worries")
    list_display = ["phrase", "slug", "is_urgent", "sort_order"]
    list_filter = ["is_urgent", "locale"]


class HelpViewSetGroup(SnippetViewSetGroup):
    items = (ConsultationWindowViewSet, WorryViewSet)
    menu_icon = "help"
    menu_label = _("Finding help")
    menu_order = 310


register_snippet(HelpViewSetGroup)


class UnverifiedWindowsReport(ReportView):
    """Numbers and hours change without notice: the secretariat re-checks, once a year at least,
    every window residents are sent to."""

    page_title = _("Windows to re-check")
    header_icon = "warning"
    index_url_name = "unverified_windows"
    index_results_url_name = "unverified_windows_results"
    list_export = ["name", "operator", "phone_numbers", "last_verified"]
    permission_policy = ModelPermissionPolicy(ConsultationWindow)
    permission_required = "change"

    def get_queryset(self):
        windows = windows_to_recheck(self.request.user)
        return windows.order_by("last_verified", "name")

    @property
    def columns(self):
        return [
            TitleColumn(
                "name",
                label=_("Name"),
                get_url=lambda window: reverse(
                    "wagtailsnippets_directory_consultationwindow:edit", args=[window.pk]
                ),
            ),
            Column("operator", label=_("Run by")),
            Column("locale", label=_("Language")),
            DateColumn("last_verified", label=_("Last verified")),
        ]


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path(
            "reports/unverified-windows/",
            UnverifiedWindowsReport.as_view(),
            name="unverified_windows",
        ),
        path(
            "reports/unverified-windows/results/",
            UnverifiedWindowsReport.as_view(results_only=True),
            name="unverified_windows_results",
        ),
    ]


class UnverifiedWindowsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("directory.change_consultationwindow")


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return UnverifiedWindowsMenuItem(
        _("Windows to re-check"),
        reverse("unverified_windows"),
        name="unverified-windows",
        icon_name="warning",
        order=900,
    )


@hooks.register("register_public_urls", order=60)
def public_urls():
    return [path("navigator/", include("cms.navigator.urls"))]


@hooks.register("register_attention_items")
def windows_attention(request, scope):
    if not scope.user.has_perm("directory.change_consultationwindow"):
        return None
    return [
        AttentionItem(
            "windows",
            _("consultation windows not re-checked for a year"),
            windows_to_recheck(scope.user).count(),
            reverse("unverified_windows"),
        )
    ]
