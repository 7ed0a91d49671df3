"""The course layer on top of events: a supporter course is an event (its page, sessions,
places and registrations are the event's) plus what makes it a course.

`TrainingCourse` is a one-to-one record on an `EventPage` rather than a page type of its own:
residents find and register for a course exactly as for any event (listing, filters, iCal,
waitlist, mails), nothing in `events` has to know about courses, and an editor turns an
existing event into a course without moving pages."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel

from cms.core.outbox import OutboxMessage
from events.courses import completion
from events.courses.forms import TrainingCourseForm


class TrainingCourse(ClusterableModel):
    event = models.OneToOneField(
        "events.EventPage",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="course",
        help_text=_("The event page with the sessions, places and registrations."),
    )
    qualification = models.ForeignKey(
        "people.Qualification",
        verbose_name=_("qualification granted"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    follow_up = models.BooleanField(
        _("follow-up course"),
        default=False,
        help_text=_(
            "Renews the qualification of people who hold it (or are in its grace period); "
            "grants it to nobody new."
        ),
    )
    prerequisites = ParentalManyToManyField(
        "people.Qualification",
        verbose_name=_("prerequisites"),
        blank=True,
        related_name="+",
        help_text=_("Qualifications a person must hold to enrol."),
    )
    trainers = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainers"),
        blank=True,
        related_name="training_courses",
    )
    minimum_sessions = models.PositiveSmallIntegerField(
        _("sessions needed"),
        null=True,
        blank=True,
        help_text=_("Leave empty when every session is needed."),
    )
    required_sessions = ParentalManyToManyField(
        "events.EventSession",
        verbose_name=_("required sessions"),
        blank=True,
        related_name="+",
        help_text=_("Sessions that must be attended even when fewer than all are needed."),
    )

    base_form_class = TrainingCourseForm
    panels = [
        "event",
        FieldRowPanel(["qualification", "follow_up"]),
        "prerequisites",
        "trainers",
        MultiFieldPanel(
            ["minimum_sessions", FieldPanel("required_sessions")],
            heading=_("Completion"),
        ),
        InlinePanel("make_ups", label=_("Make-up sessions")),
    ]

    class Meta:
        verbose_name = _("training course")
        verbose_name_plural = _("training courses")

    def __str__(self):
        return self.event.title

    def clean(self):
        if self.event_id and self.event.source.pk != self.event_id:
            raise ValidationError({"event": _("Choose the page in the original language.")})

    def completion_rule(self):
        """The rule of this course as plain values, from its sessions (two queries)."""
        make_ups = {m.session_id: m.replaces_id for m in self.make_ups.all()}
        sessions = tuple(
            pk
            for pk in self.event.sessions.order_by("starts_at", "pk").values_list("pk", flat=True)
            if pk not in make_ups
        )
        return completion.CompletionRule(
            sessions=sessions,
            minimum=self.minimum_sessions,
            required=frozenset(s.pk for s in self.required_sessions.all()),
            make_ups=make_ups,
        )


class MakeUpSession(models.Model):
    """A session of the course's event held for those who missed another (補講): attending
    it counts for the session it replaces."""

    course = ParentalKey(TrainingCourse, related_name="make_ups", on_delete=models.CASCADE)
    session = models.OneToOneField(
        "events.EventSession",
        verbose_name=_("make-up session"),
        on_delete=models.CASCADE,
        related_name="make_up",
    )
    replaces = models.ForeignKey(
        "events.EventSession",
        verbose_name=_("replaces"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldRowPanel(["session", "replaces"])]

    class Meta:
        verbose_name = _("make-up session")
        verbose_name_plural = _("make-up sessions")

    def __str__(self):
        return f"{self.session} → {self.replaces}"

    def clean(self):
        if self.session_id and self.session_id == self.replaces_id:
            raise ValidationError({"replaces": _("A session cannot make up for itself.")})


class Attendance(models.Model):
    """What a trainer marked for one person at one session."""

    class Mark(models.TextChoices):
        PRESENT = completion.PRESENT, _("Present")
        LATE = completion.LATE, _("Late")
        ABSENT = completion.ABSENT, _("Absent")
        MAKE_UP = completion.MAKE_UP, _("Made up")

    registration = models.ForeignKey(
        "events.Registration",
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    session = models.ForeignKey(
        "events.EventSession",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    mark = models.CharField(_("mark"), max_length=10, choices=Mark.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("attendance record")
        verbose_name_plural = _("attendance records")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "session"], name="courses_attendance_once"
            ),
        ]

    def __str__(self):
        return f"{self.registration_id} @ {self.session_id}: {self.mark}"


class CourseCompletion(models.Model):
    """That a registration completed its course, and the qualification it earned. Written by
    `services.settle_completion` from attendance, never typed in."""

    course = models.ForeignKey(TrainingCourse, on_delete=models.CASCADE, related_name="completions")
    registration = models.OneToOneField(
        "events.Registration", on_delete=models.CASCADE, related_name="course_completion"
    )
    completed_on = models.DateField(_("completed on"))
    grant = models.ForeignKey(
        "people.QualificationGrant",
        verbose_name=_("qualification"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    refused_reason = models.CharField(_("not granted because"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("course completion")
        verbose_name_plural = _("course completions")

    def __str__(self):
        return f"{self.course} – {self.registration_id}"


class ExpiryReminder(OutboxMessage):
    """The mail reminding a holder that their qualification expires on `valid_until`, in the
    outbox (retried, listed for staff when undelivered). One per grant and expiry date: a
    renewed grant (a new date) gets a new reminder, a repeated run none."""

    platform_path = "grant__person__platform"

    grant = models.ForeignKey(
        "people.QualificationGrant", on_delete=models.CASCADE, related_name="+"
    )
    valid_until = models.DateField()

    delivery_task = "events.courses.tasks.send_expiry_reminder"
    undelivered_related = ("grant__person", "grant__qualification")
    delivery_related = undelivered_related
    body_template = "courses/mail/expiry_reminder.txt"

    class Meta:
        verbose_name = _("expiry reminder")
        verbose_name_plural = _("expiry reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["grant", "valid_until"], name="courses_expiry_reminder_once"
            ),
        ]

    def __str__(self):
        return f"{self.grant_id} {self.valid_until}"

    def recipient(self):
        return self.grant.person

    def about(self):
        return f"{self._meta.verbose_name}: {self.grant.qualification}"

    def subject(self):
        return gettext("Your qualification “%(qualification)s” expires soon") % {
            "qualification": self.grant.qualification.localized
        }

    def context(self):
        return {
            "person": self.grant.person,
            "qualification": self.grant.qualification.localized,
            "reminder": self,
        }


class TrainerCalendarToken(models.Model):
    """A trainer's private calendar link. Trainers are staff accounts, not `people.Person`
    records (which retention may erase), so their token lives here; it is made and checked
    like `people.AccessToken`: 256 bits from `secrets`, only a SHA-256 hash stored, compared
    in constant time, revocable."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("trainer calendar link")

    def __str__(self):
        return f"{self.user_id} #{self.pk}"
