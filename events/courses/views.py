"""Trainers' pages, outside the Wagtail admin so that they work on a phone at the venue:
their courses, a roster per session, certificates. A trainer sees only their own courses
(anything else is a 404, as if it did not exist); the secretariat sees all."""

import unicodedata

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Max
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cms.core import ical
from cms.core.pdf import pdf_response
from cms.core.text import normalise
from events.courses import queries, services
from events.courses.certificates import certificate_pdf
from events.courses.models import Attendance, CourseCompletion
from events.feeds import page_occurrences
from events.models import EventPage

LOGIN_URL = reverse_lazy("wagtailadmin_login")


def _course(request, course_id):
    return get_object_or_404(queries.courses_for(request.user), pk=course_id)


@require_safe
def supporters(request):
    """Public: how many supporters the area has (figures only)."""
    return TemplateResponse(request, "courses/supporters.html", {})


@require_safe
@login_required(login_url=LOGIN_URL)
def course_list(request):
    courses = queries.courses_for(request.user).prefetch_related("event__sessions")
    return TemplateResponse(
        request,
        "courses/course_list.html",
        {"courses": courses, "calendar_url": request.session.pop(CALENDAR_URL_KEY, "")},
    )


CALENDAR_URL_KEY = "courses_calendar_url"


@require_POST
@login_required(login_url=LOGIN_URL)
def calendar_link(request):
    """Make a new private calendar link of the trainer's sessions (stopping the old one), or
    only stop it."""
    if request.POST.get("action") == "revoke":
        services.revoke_calendar_tokens(request.user)
        messages.success(request, _("Your calendar link no longer works."))
    else:
        raw = services.new_calendar_token(request.user)
        request.session[CALENDAR_URL_KEY] = request.build_absolute_uri(
            reverse("courses:calendar", kwargs={"token": raw})
        )
        messages.success(request, _("Your calendar link is ready."))
    return redirect("courses:list")


@require_safe
def calendar(request, token):
    """The sessions of the trainer's courses, as a private feed behind a revocable token
    (`courses.TrainerCalendarToken`)."""
    user = services.trainer_for_token(token)
    if user is None:
        raise Http404
    pages = EventPage.objects.filter(pk__in=queries.courses_for(user).values("event"))
    summary = pages.aggregate(count=Count("pk"), published=Max("last_published_at"))
    version = (user.pk, *summary.values(), timezone.now().strftime("%Y%m%d%H"))
    return ical.calendar_response(
        request,
        version=version,
        build=lambda: page_occurrences(request, pages),
        name=_("My courses"),
        filename="my-courses.ics",
        private=True,
    )


@require_safe
@login_required(login_url=LOGIN_URL)
def course_detail(request, course_id):
    course = _course(request, course_id)
    return TemplateResponse(
        request,
        "courses/course_detail.html",
        {
            "course": course,
            "sessions": course.event.sessions.order_by("starts_at", "pk"),
            "make_ups": {m.session_id: m for m in course.make_ups.select_related("replaces")},
            "completions": course.completions.select_related(
                "registration__person", "grant"
            ).order_by("completed_on", "pk"),
        },
    )


def _clean_note(value):
    """NFKC like every form, without control characters (PostgreSQL refuses NUL)."""
    return "".join(c for c in normalise(value) if unicodedata.category(c) != "Cc")[:200]


def _submitted_marks(post, rows):
    """{registration: (mark, note)} from the roster form; `all` marks everyone left unmarked.
    Returns (marks, invalid)."""
    fill = post.get("all", "")
    marks, invalid = {}, False
    for registration, _attendance in rows:
        mark = post.get(f"mark-{registration.pk}", "") or fill
        note = _clean_note(post.get(f"note-{registration.pk}", ""))
        if not mark:
            continue
        if mark not in Attendance.Mark.values:
            invalid = True
            continue
        marks[registration] = (mark, note)
    return marks, invalid


@require_http_methods(["GET", "HEAD", "POST"])
@login_required(login_url=LOGIN_URL)
def roster(request, course_id, session_id):
    course = _course(request, course_id)
    session = get_object_or_404(course.event.sessions, pk=session_id)
    rows = queries.roster(course, session)
    status = 200
    if request.method == "POST":
        marks, invalid = _submitted_marks(request.POST, rows)
        if invalid:
            messages.error(request, _("Choose one of the offered marks."))
            status = 400
        else:
            completed = services.record_attendance(session, marks, user=request.user)
            messages.success(
                request,
                _("Saved %(count)d marks; %(completed)d completed the course.")
                % {"count": len(marks), "completed": len(completed)},
            )
            return redirect(request.path)
    make_up = course.make_ups.filter(session=session).select_related("replaces").first()
    return TemplateResponse(
        request,
        "courses/roster.html",
        {
            "course": course,
            "session": session,
            "make_up": make_up,
            "rows": rows,
            "marks": Attendance.Mark.choices,
        },
        status=status,
    )


@require_safe
@login_required(login_url=LOGIN_URL)
def certificate(request, course_id, completion_id):
    course = _course(request, course_id)
    done = get_object_or_404(
        CourseCompletion.objects.select_related("registration__person", "grant__qualification"),
        pk=completion_id,
        course=course,
    )
    if done.grant is None or done.grant.revoked_at:
        raise Http404
    return pdf_response(
        certificate_pdf(done, request=request),
        f"certificate-{done.grant.certificate_number}.pdf",
        download=True,
        private=True,
    )
