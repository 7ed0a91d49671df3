import datetime

from django import forms
from django.urls import include, path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.views.generic import CreateView, EditView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.core import platform as platforms
from cms.core.platform_admin import PlatformScopedViewSetMixin
from cms.news import newsletter
from cms.news.models import NewsCategory, NewsletterIssue, NewsPage
from cms.news.queries import newsletter_news


class NewsCategoryViewSet(PlatformScopedViewSetMixin, SnippetViewSet):
    model = NewsCategory
    icon = "folder-open-inverse"
    menu_label = _("News categories")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["name", "slug", "sort_order"]
    list_filter = ["locale"]
    edit_handler = ObjectList(
        [FieldPanel("platform"), FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]
    )


register_snippet(NewsCategoryViewSet)


class IssueForm(WagtailAdminModelForm):
    send_now = forms.BooleanField(
        label=_("Send this issue to every confirmed subscriber now"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        since = timezone.localdate() - datetime.timedelta(days=180)
        if self.instance.pk:
            self.fields["platform"].disabled = True
            chosen = [self.instance.platform]
        else:
            chosen = platforms.staff_platforms(self.for_user)
        news = NewsPage.objects.none()
        for platform in chosen:
            news = news | newsletter_news(platform)
        self.fields["news"].queryset = news.filter(date__gte=since).order_by("-date")
        self.fields["news"].help_text = _(
            "Leave empty when composing to take every news item since the last issue."
        )

    def own_platform(self):
        return self.instance.platform if self.instance.platform_id else None

    def clean(self):
        cleaned = super().clean()
        if self.instance.send_requested_at and cleaned.get("send_now"):
            self.add_error("send_now", _("This issue has already been sent."))
        # An account of one platform has no choice: the issue is that platform's.
        platform = cleaned.get("platform") or self.own_platform()
        others = [page for page in cleaned.get("news") or () if platforms.of_page(page) != platform]
        if platform and others:
            self.add_error("news", _("Choose news of the issue's platform only."))
        return cleaned


class ComposeIssueView(CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return newsletter.compose_issue(
            data["subject"],
            data["intro"],
            platform=data.get("platform") or self.form.own_platform(),
            news=data.get("news"),
            send=data.get("send_now"),
        )


class EditIssueView(EditView):
    def save_instance(self):
        issue = super().save_instance()
        if self.form.cleaned_data.get("send_now"):
            newsletter.send_issue(issue)
        return issue


class NewsletterIssueViewSet(PlatformScopedViewSetMixin, ModelViewSet):
    """Staff compose a digest (left empty, the news published since the last one is filled
    in), review it, and send it; sending runs in background batches."""

    model = NewsletterIssue
    icon = "mail"
    menu_label = _("Newsletter")
    menu_order = 315
    add_to_admin_menu = True
    copy_view_enabled = False
    add_view_class = ComposeIssueView
    edit_view_class = EditIssueView
    list_display = ["subject", "created_at", "send_requested_at"]
    edit_handler = ObjectList(
        [
            FieldPanel("platform"),
            FieldPanel("subject"),
            FieldPanel("intro"),
            FieldPanel("news", widget=forms.CheckboxSelectMultiple),
            FieldPanel("send_now"),
        ],
        base_form_class=IssueForm,
    )


@hooks.register("register_admin_viewset")
def register_newsletter():
    return NewsletterIssueViewSet("newsletter_issues")


@hooks.register("register_public_urls", order=80)
def public_urls():
    return [path("newsletter/", include("cms.news.urls"))]
