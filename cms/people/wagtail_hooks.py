from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from cms.core.admin_views import LoggedIndexView, PeopleChooserViewSet
from cms.core.dashboard import AttentionItem
from cms.core.exports import export_response, logged_view
from cms.core.guards import staff_may
from cms.core.models import Platform
from cms.core.platform import of_request, staff_platforms
from cms.core.platform_admin import PlatformScopedViewSetMixin, choice_of_mine
from cms.people.blocks import SupporterFiguresBlock
from cms.people.data_request_admin import open_requests_view
from cms.people.data_requests import handling_platforms, open_counts
from cms.people.erasure import erase_on_request
from cms.people.models import DataRequest, Qualification, QualificationGrant
from cms.people.queries import recognised_qualifications
from cms.people.retention import held
from cms.people.services import (
    disclosure_rows,
    extend_qualifications,
    people_by_contact,
    record_data_request,
    records_of,
)

# Each platform's staff keep their own qualifications and registry, and a prefecture's
# 都道府県担当 reads its municipalities' (cms.core.platform_admin).


class QualificationViewSet(PlatformScopedViewSetMixin, SnippetViewSet):
    model = Qualification
    icon = "success"
    menu_label = gettext_lazy("Qualifications")
    list_display = ["name", "platform", "validity_years", "grace_days", "requires"]
    list_filter = ["locale"]
    choice_filters = {"requires": recognised_qualifications}


class QualificationGrantIndexView(LoggedIndexView, IndexView):
    log_kind = "supporter registry"


class QualificationGrantFilterSet(WagtailFilterSet):
    qualification = choice_of_mine(Qualification, gettext_lazy("qualification"))

    class Meta:
        model = QualificationGrant
        fields = {
            "contact_for_volunteering": ["exact"],
            "valid_until": ["gte", "lte"],
            "granted_on": ["gte", "lte"],
        }


class QualificationGrantViewSet(PlatformScopedViewSetMixin, SnippetViewSet):
    """The supporter registry: staff only (snippet permissions), never public; every list
    shown is logged."""

    model = QualificationGrant
    index_view_class = QualificationGrantIndexView
    platform_path = "person__platform"
    chooser_viewset_class = PeopleChooserViewSet
    icon = "user"
    menu_label = gettext_lazy("Supporter registry")
    list_display = [
        "person",
        "qualification",
        "granted_on",
        "valid_until",
        "certificate_number",
        "contact_for_volunteering",
    ]
    filterset_class = QualificationGrantFilterSet
    search_fields = ["person__name", "person__name_kana", "certificate_number"]
    panels = [
        "valid_until",
        "source",
        "contact_for_volunteering",
        "revoked_at",
        "revoked_reason",
    ]

    def get_queryset(self, request):
        return QualificationGrant.objects.select_related("person", "qualification")


class QualificationsGroup(SnippetViewSetGroup):
    items = (QualificationViewSet, QualificationGrantViewSet)
    menu_icon = "success"
    menu_label = gettext_lazy("Supporters")
    menu_order = 350


register_snippet(QualificationsGroup)


class ExtendForm(forms.Form):
    qualification = forms.ModelChoiceField(
        label=gettext_lazy("Qualification"),
        queryset=Qualification.objects.none(),
    )
    until = forms.DateField(
        label=gettext_lazy("Extend to"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy(
            "Every grant that is valid today, or in its grace period, is extended to this date."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["qualification"].queryset = Qualification.objects.filter(
            validity_years__isnull=False, platform__in=staff_platforms(user)
        )


@staff_may("people.change_qualificationgrant")
def extend_view(request):
    form = ExtendForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        count = extend_qualifications(
            form.cleaned_data["qualification"], until=form.cleaned_data["until"]
        )
        messages.success(request, _("%(count)d qualifications were extended.") % {"count": count})
        return redirect("people_extend_qualifications")
    return TemplateResponse(request, "people/admin/extend_qualifications.html", {"form": form})


@hooks.register("register_admin_urls")
def register_extend_url():
    return [path("qualifications/extend/", extend_view, name="people_extend_qualifications")]


class ExtendMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("people.change_qualificationgrant")


@hooks.register("register_settings_menu_item")
def register_extend_menu_item():
    return ExtendMenuItem(
        gettext_lazy("Extend qualifications"),
        reverse("people_extend_qualifications"),
        icon_name="date",
        order=900,
    )


# Requests about one's own data (APPI: 開示・消去) -------------------------------------------


class DataRequestForm(forms.Form):
    """The platform the request was made to (one of the officer's), and the address or phone
    asked about: a request covers only that platform's people."""

    platform = forms.ModelChoiceField(
        label=gettext_lazy("Platform"), queryset=Platform.objects.none(), required=False
    )
    email = forms.CharField(label=gettext_lazy("E-mail"), max_length=254, required=False)
    phone = forms.CharField(label=gettext_lazy("Phone"), max_length=30, required=False)

    def clean(self):
        data = super().clean()
        if not data.get("email") and not data.get("phone"):
            raise forms.ValidationError(
                _("Give the e-mail address or the phone number asked about.")
            )
        return data

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.mine = staff_platforms(request.user)
        self.here = of_request(request)
        field = self.fields["platform"]
        field.queryset = self.mine
        field.initial = self._default()

    def _default(self):
        """The platform of the site the officer is on, if theirs; else their only one."""
        if self.here is not None and self.mine.filter(pk=self.here.pk).exists():
            return self.here
        only = list(self.mine[:2])
        return only[0] if len(only) == 1 else None

    def clean_platform(self):
        platform = self.cleaned_data.get("platform") or self._default()
        if platform is None:
            raise forms.ValidationError(_("Choose the platform the request was made to."))
        return platform


@staff_may("people.handle_data_requests")
def data_request_view(request):
    """Find everything held about an address or phone number; export it (開示) or erase it
    (消去). Always by POST, so that the address never lands in a URL or a server log; both
    actions are logged, without the address."""
    form = DataRequestForm(request.POST or None, request=request)
    context = {"form": form, "people": None}
    if request.method == "POST" and form.is_valid():
        platform = form.cleaned_data["platform"]
        people = people_by_contact(
            platform, email=form.cleaned_data["email"], phone=form.cleaned_data["phone"]
        )
        action = request.POST.get("action")
        if action == "export":
            rows = disclosure_rows(people)
            record_data_request(DataRequest.Kind.DISCLOSURE, list(people), request.user, platform)
            header = [_("Contact record"), _("Kind"), _("Details"), _("Date")]
            return export_response(header, rows, "personal-data", "xlsx", title=_("Personal data"))
        if action == "erase":
            if request.POST.get("confirm") != "yes":
                messages.error(request, _("Tick the box to confirm the erasure."))
            else:
                count = erase_on_request(people, request.user, platform)
                messages.success(
                    request, _("%(count)d contact records were erased.") % {"count": count}
                )
                return redirect("people_data_requests")
        shown = list(people)
        logged_view(request, "personal data search", None, len(shown))
        context.update(
            {
                "people": shown,
                "records": records_of(people),
                "held": list(held(people)),
            }
        )
    return TemplateResponse(request, "people/admin/data_request.html", context)


@hooks.register("register_admin_urls")
def register_data_request_url():
    return [
        path("people/requests/", data_request_view, name="people_data_requests"),
        path("people/requests/open/", open_requests_view, name="people_open_data_requests"),
    ]


class DataRequestMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("people.handle_data_requests")


@hooks.register("register_settings_menu_item")
def register_data_request_menu_item():
    return DataRequestMenuItem(
        gettext_lazy("Personal data requests"),
        reverse("people_data_requests"),
        icon_name="user",
        order=910,
    )


@hooks.register("register_settings_menu_item")
def register_open_data_request_menu_item():
    return DataRequestMenuItem(
        gettext_lazy("Open personal data requests"),
        reverse("people_open_data_requests"),
        icon_name="date",
        order=911,
    )


@hooks.register("register_attention_items")
def data_requests_attention(request, scope):
    """Open personal-data requests, and how many are past their due day, for those who
    handle them on their platforms only."""
    if not scope.user.has_perm("people.handle_data_requests"):
        return None
    platforms = handling_platforms(scope.user)
    count, overdue = open_counts(platforms, scope.today)
    return [
        AttentionItem(
            "data_requests",
            ngettext(
                "personal-data request open (%(overdue)d overdue)",
                "personal-data requests open (%(overdue)d overdue)",
                count,
            )
            % {"overdue": overdue},
            count,
            reverse("people_open_data_requests"),
        )
    ]


@hooks.register("register_public_urls", order=30)
def public_urls():
    return [path("", include("cms.people.urls"))]


@hooks.register("register_body_blocks")
def body_blocks():
    return [("supporter_figures", SupporterFiguresBlock())]
