"""Courses in the Wagtail admin: the course settings as a snippet (the event page keeps the
sessions and places), and the secretariat's page with the expiring-soon list and the yearly
report export (CSV or Excel)."""

import functools

from django import forms
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.core.exports import logged_view, yearly_table_download
from cms.core.fiscal import requested_year
from cms.core.guards import staff_may
from cms.core.platform_admin import PlatformScopedViewSetMixin
from events import platforms
from events.courses import queries, reports, services
from events.courses.models import TrainingCourse


class TrainingCourseViewSet(PlatformScopedViewSetMixin, SnippetViewSet):
    """The secretariat's courses of its platforms, a trainer's own (`queries.courses_for`)."""

    model = TrainingCourse
    icon = "group"
    menu_label = gettext_lazy("Training courses")
    menu_order = 360
    add_to_admin_menu = True
    list_display = ["event", "qualification", "follow_up", "minimum_sessions"]

    def get_queryset(self, request):
        return queries.courses_for(request.user)

    def scoped(self, queryset, user):
        return queryset.filter(pk__in=queries.courses_for(user).values("pk"))

    editable = scoped


register_snippet(TrainingCourseViewSet)


may_keep_the_registry = staff_may("courses.change_trainingcourse")


@may_keep_the_registry
def registry_view(request):
    year = requested_year(request)
    this_year = reports.fiscal_year(timezone.localdate())
    shown = platforms.of_staff(request.user, readable=True)
    expiring = list(queries.expiring_grants(platforms=[info.pk for info in shown]))
    logged_view(request, "expiring qualifications", None, len(expiring))
    return TemplateResponse(
        request,
        "courses/admin/registry.html",
        {
            "expiring": expiring,
            "days": queries.EXPIRY_NOTICE_DAYS,
            "year": year,
            "years": range(this_year, this_year - 6, -1),
            "rows": reports.yearly_report(year, shown),
        },
    )


@may_keep_the_registry
def report_export(request, file_format):
    table = functools.partial(
        reports.yearly_report_table, shown=platforms.of_staff(request.user, readable=True)
    )
    return yearly_table_download(request, table=table, name="courses", file_format=file_format)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("courses/registry/", registry_view, name="courses_registry"),
        path(
            "courses/report.csv", report_export, {"file_format": "csv"}, name="courses_report_csv"
        ),
        path(
            "courses/report.xlsx",
            report_export,
            {"file_format": "xlsx"},
            name="courses_report_xlsx",
        ),
    ]


class SecretariatMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("courses.change_trainingcourse")


@hooks.register("register_admin_menu_item")
def register_registry_menu_item():
    return SecretariatMenuItem(
        gettext_lazy("Supporters: expiring and yearly report"),
        reverse("courses_registry"),
        icon_name="table",
        order=370,
    )


@hooks.register("event_registration_fields")
def certificate_number_field(event):
    """A course with prerequisites asks for the certificate that shows them."""
    if queries.course_with_prerequisites(event) is None:
        return None
    return {
        services.CERTIFICATE_FIELD: forms.CharField(
            label=_("Certificate number"),
            max_length=40,
            required=False,
            help_text=_(
                "This course needs a qualification first: the number on your certificate "
                "(e.g. TS-2025-4K7Q2M9XRB). Not needed when you register with the e-mail "
                "address your certificate was issued to."
            ),
        )
    }


@hooks.register("event_registration_checks")
def prerequisites_check(event, **details):
    services.check_prerequisites(event, **details)


@hooks.register("register_public_urls", order=20)
def public_urls():
    return [path("courses/", include("events.courses.urls"))]
