from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from cms.home import admin_views


@hooks.register("register_admin_urls")
def register_new_platform_url():
    return [path("platforms/new/", admin_views.new_platform, name="new_platform")]


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_settings_menu_item")
def register_new_platform_menu_item():
    return SuperuserMenuItem(
        _("New platform"), reverse("new_platform"), name="new-platform", icon_name="site", order=50
    )
