import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import path, reverse, reverse_lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.rich_text.editors.draftail import features as draftail_features
from wagtail.admin.staticfiles import versioned_static
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.core import admin_views, dashboard, preferences, queries, ruby_editor
from cms.core import platform as platforms
from cms.core.blocks import ActivityFiguresBlock
from cms.core.models import ExportLog, Topic
from cms.core.origin import SAFE_METHODS, cross_origin_refusal, token_refusal
from cms.core.outbox import outbox_models
from cms.core.platform_admin import PlatformScopedViewSetMixin


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


@hooks.register("register_admin_urls")
def register_furigana_url():
    return [
        path(
            "furigana/suggestions/",
            admin_views.furigana_suggestions,
            name="furigana_suggestions",
        )
    ]


class RubyFeature(draftail_features.EntityFeature):
    """The RUBY entity's button, and a second one that suggests readings: one feature, so
    that a field with "ruby" has both."""

    def __init__(self, control, suggest_control, **kwargs):
        super().__init__(control, **kwargs)
        self.suggest_control = suggest_control

    def construct_options(self, options):
        super().construct_options(options)
        options["entityTypes"].append(self.suggest_control)


@hooks.register("register_rich_text_features")
def register_ruby_feature(features):
    """Furigana in rich text (cms/core/ruby_editor.py): select a word and give its reading, the
    suggested one filled in; or have readings suggested for every word of the selection (of
    the field, from the "/" menu), each then shown to correct or remove
    (static/tsunagu/js/ruby.js). The RUBY entity is one per character, as a link is: a word
    cannot be both."""
    messages = {
        "suggestUrl": reverse_lazy("furigana_suggestions"),
        "prompt": _("Reading of “{text}” in hiragana (leave empty to remove):"),
        "nothingFound": _("No word without furigana was found."),
        "failed": _("Readings could not be suggested. Please try again."),
    }
    control = {
        "type": ruby_editor.ENTITY_TYPE,
        "label": _("Furigana"),
        "description": _("Furigana: the reading of the selected word"),
        **messages,
    }
    suggest = {
        "type": "RUBY_SUGGEST",
        "rubyType": ruby_editor.ENTITY_TYPE,
        "label": _("Suggest furigana"),
        "description": _("Suggest furigana for every word selected (or of the whole text)"),
        **messages,
    }
    features.register_editor_plugin(
        "draftail",
        "ruby",
        RubyFeature(
            control,
            suggest,
            js=["tsunagu/js/ruby.js"],
            css={"all": ["tsunagu/css/ruby-admin.css"]},
        ),
    )
    features.register_converter_rule("contentstate", "ruby", ruby_editor.CONVERTER_RULE)


@hooks.register("insert_editor_js")
def title_furigana_js():
    """The title's "suggest furigana" button (static/tsunagu/js/title-furigana.js)."""
    return format_html(
        '<script src="{}" data-url="{}" data-label="{}" data-failed="{}"></script>',
        versioned_static("tsunagu/js/title-furigana.js"),
        reverse("furigana_suggestions"),
        _("Suggest furigana"),
        _("Readings could not be suggested. Please try again."),
    )


@hooks.register("register_public_urls", order=90)
def register_preference_url():
    return [path("_preferences/<slug:name>/", preferences.set_preference, name="set_preference")]


class UndeliveredMailMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(queries.visible_outboxes(request.user))


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


class ReadOnlyPolicy(ModelPermissionPolicy):
    """A log is a record of what happened: it can be read (with `view`), never edited."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)


def _readable_log(request):
    """The log of the platforms the account works for: a filter names no one and nothing of
    another platform."""
    if request is None:
        return ExportLog.objects.none()
    return ExportLog.objects.filter(platform__in=platforms.staff_platforms(request.user))


def _export_kinds(request=None):
    # Called without the request (a choice list); the kinds are the apps' words, no one's data.
    return [(kind, kind) for kind in ExportLog.objects.values_list("kind", flat=True).distinct()]


def _logged_users(request=None):
    return (
        get_user_model()
        .objects.filter(pk__in=_readable_log(request).values("user").distinct())
        .order_by(get_user_model().USERNAME_FIELD)
    )


class ExportLogFilterSet(WagtailFilterSet):
    action = django_filters.ChoiceFilter(
        label=_("action"), choices=ExportLog.Action.choices, widget=forms.RadioSelect
    )
    kind = django_filters.ChoiceFilter(label=_("what"), choices=_export_kinds)
    user = django_filters.ModelChoiceFilter(label=_("who"), queryset=_logged_users)
    created_at = django_filters.DateFromToRangeFilter(label=_("when"), widget=DateRangePickerWidget)

    class Meta:
        model = ExportLog
        fields = ["action", "kind", "user", "created_at"]


class ExportLogViewSet(PlatformScopedViewSetMixin, ModelViewSet):
    """Every view and export of personal data, of every app, in one list under Reports:
    who, what, of what, when and how many rows, filtered by any of them; of the platforms
    the reader works for only."""

    model = ExportLog
    icon = "download"
    menu_label = _("Access log")
    menu_hook = "register_reports_menu_item"
    menu_order = 920
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["created_at", "user", "action", "kind", "target_label", "rows", "file_format"]
    filterset_class = ExportLogFilterSet
    form_fields = ["kind"]


register_permission_policy(ExportLog, ReadOnlyPolicy(ExportLog))


@hooks.register("register_admin_viewset")
def register_export_log():
    return ExportLogViewSet("export_log")


@hooks.register("register_permissions")
def export_log_permission():
    """Reading the access log, assignable to groups (the secretariat's and the
    data-protection officer's roles hold it: `cms.core.roles`)."""
    return Permission.objects.filter(
        content_type=ContentType.objects.get_for_model(ExportLog), codename="view_exportlog"
    )


@hooks.register("before_serve_page", order=-100)
def refuse_forged_posts(page, request, serve_args, serve_kwargs):
    """A page whose forms the public fills in without an account (`anonymous_forms`) refuses
    cross-origin POSTs and carries no token, so that it stays cacheable (cms/core/origin.py);
    any other page keeps Django's CSRF check."""
    if request.method in SAFE_METHODS:
        return None
    if getattr(page, "anonymous_forms", False):
        return cross_origin_refusal(request)
    return token_refusal(request)


# The dashboard (cms.core.dashboard) -------------------------------------------------------


@hooks.register("construct_homepage_panels")
def dashboard_panels(request, panels):
    dashboard.add_panels(request, panels)


@hooks.register("construct_homepage_summary_items", order=100)
def dashboard_summary(request, summary_items):
    dashboard.without_site_summary(request, summary_items)


@hooks.register("register_attention_items")
def site_attention_items(request, scope):
    """Pages waiting for a moderator, and mail that could not be delivered."""
    user = scope.user
    items = []
    if PagePermissionPolicy().user_has_any_permission(user, ["publish"]):
        items.append(
            dashboard.AttentionItem(
                "moderation",
                _("pages awaiting moderation"),
                queries.pages_in_moderation(scope.platforms),
                reverse("wagtailadmin_reports:workflow") + "?status=in_progress",
            )
        )
    if queries.visible_outboxes(user):
        items.append(
            dashboard.AttentionItem(
                "undelivered_mail",
                _("mails not delivered"),
                queries.undelivered_count(user),
                reverse("undelivered_mail"),
            )
        )
    return items or None


@hooks.register("register_body_blocks")
def activity_blocks():
    return [("activity_figures", ActivityFiguresBlock())]


@hooks.register("insert_global_admin_css")
def admin_css():
    return format_html(
        '<link rel="stylesheet" href="{}">', versioned_static("tsunagu/css/admin.css")
    )
