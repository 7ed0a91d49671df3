"""Courses in the Wagtail admin: the course settings as a snippet (the event page keeps the
sessions and places), the secretariat's page with the expiring-soon list, and the section of the yearly report."""

from django import forms
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.core.dashboard import AttentionItem, ListPanel, ListRow, scope_of
from cms.core.exports import logged_view
from cms.core.guards import staff_may
from cms.core.platform_admin import PlatformScopedViewSetMixin
from cms.core.roles import TRAINERS
from cms.people.mypage import SECTIONS_HOOK
from events import platforms
from events.commitments import HOOK as COMMITMENTS_HOOK
from events.commitments import Commitment
from events.courses import mypage, queries, services, yearly
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
    """Qualifications expiring soon of the people of the platforms the staff read; the
    courses' yearly figures are the "courses" section of the yearly report
    (events.courses.yearly), which the page links."""
    shown = platforms.of_staff(request.user, readable=True)
    expiring = list(queries.expiring_grants(platforms=[info.pk for info in shown]))
    logged_view(request, "expiring qualifications", None, len(expiring))
    return TemplateResponse(
        request,
        "courses/admin/registry.html",
        {"expiring": expiring, "days": queries.EXPIRY_NOTICE_DAYS},
    )


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("courses/registry/", registry_view, name="courses_registry"),
    ]


class SecretariatMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("courses.change_trainingcourse")


hooks.register("register_yearly_section", yearly.courses_section)


@hooks.register("register_admin_menu_item")
def register_registry_menu_item():
    return SecretariatMenuItem(
        gettext_lazy("Supporters: qualifications expiring soon"),
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


hooks.register(SECTIONS_HOOK, mypage.certificates_section)


@hooks.register(COMMITMENTS_HOOK)
def teaching_commitments(platform, email, start, end):
    """A trainer registering for an event while teaching is warned (events.commitments)."""
    return [
        Commitment(gettext("a course session you teach"), starts, ends)
        for _address, starts, ends, _title, _session in queries.teaching(
            [email], start=start, end=end
        )
    ]


@hooks.register("register_public_urls", order=20)
def public_urls():
    return [path("courses/", include("events.courses.urls"))]


# The dashboard (cms.core.dashboard) ---------------------------------------------------------


@hooks.register("register_attention_items")
def qualifications_attention(request, scope):
    if not scope.user.has_perm("people.change_qualificationgrant"):
        return None
    return [
        AttentionItem(
            "qualifications",
            _("qualifications that expire this month"),
            queries.expiring_this_month(scope.platforms, scope.today),
            reverse("courses_registry"),
        )
    ]


def _session_row(session, note=""):
    course = session.page.course
    when = date_format(localtime(session.starts_at), "SHORT_DATETIME_FORMAT")
    return ListRow(
        text=f"{session.page.title} {session.title}（{when}）".replace(" （", "（"),
        url=reverse("courses:roster", args=[course.pk, session.pk]),
        note=note,
    )


@hooks.register("construct_homepage_panels")
def trainer_panels(request, panels):
    """A trainer's next sessions, and the rosters of past sessions still to be marked."""
    scope = scope_of(request)
    if TRAINERS not in scope.roles:
        return
    panels.append(
        ListPanel(
            "tsunagu-next-sessions",
            _("Your next sessions"),
            [_session_row(session) for session in queries.next_sessions(scope.user, scope.now)],
            _("You have no sessions coming up."),
            order=40,
        )
    )
    panels.append(
        ListPanel(
            "tsunagu-rosters",
            _("Rosters to complete"),
            [
                _session_row(
                    session,
                    _("%(count)d people not marked yet") % {"count": session.unmarked},
                )
                for session in queries.rosters_to_complete(scope.user, scope.now)
            ],
            _("Every roster is complete."),
            order=45,
        )
    )
