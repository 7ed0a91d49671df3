from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.core import admin_views
from cms.core.models import Topic
from cms.core.outbox import outbox_models


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Topics")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "kind", "slug", "sort_order"]
    list_filter = ["kind", "locale"]
    search_fields = ["name"]


register_snippet(TopicViewSet)


@hooks.register("register_admin_urls")
def register_undelivered_mail_url():
    return [
        path("reports/undelivered-mail/", admin_views.undelivered_mail, name="undelivered_mail")
    ]


class UndeliveredMailMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(admin_views.visible_outboxes(request.user))


@hooks.register("register_reports_menu_item")
def register_undelivered_mail_menu_item():
    return UndeliveredMailMenuItem(
        _("Undelivered mail"),
        reverse("undelivered_mail"),
        name="undelivered-mail",
        icon_name="mail",
        order=910,
    )


@hooks.register("register_permissions")
def outbox_permissions():
    """Viewing (and trying again) undelivered mail of each app, assignable to groups."""
    models = outbox_models()
    return Permission.objects.filter(
        content_type__in=ContentType.objects.get_for_models(*models).values(),
        codename__in=[
            f"{action}_{model._meta.model_name}"
            for model in models
            for action in ("view", "change")
        ],
    )
