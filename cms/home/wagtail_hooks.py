from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from cms.home import admin_views


@hooks.register("register_admin_urls")
def register_new_platform_url():
    return [path("platforms/new/", admin_views.new_platform, name="new_platform")]


@hooks.register("register_admin_urls")
def register_platform_settings_urls():
    """Before wagtail.contrib.settings' own (cms.home comes first in INSTALLED_APPS), so that
    these answer its addresses: each platform's staff open their own platform's settings."""
    return [
        path(
            "settings/core/platformsettings/",
            admin_views.my_platform_settings,
            name="my_platform_settings",
        ),
        path(
            "settings/core/platformsettings/<int:site_pk>/",
            admin_views.platform_settings,
            name="platform_settings",
        ),
    ]


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_settings_menu_item")
def register_new_platform_menu_item():
    return SuperuserMenuItem(
        _("New platform"), reverse("new_platform"), name="new-platform", icon_name="site", order=50
    )
