"""What supporter courses ask of the retention of personal data (`cms.people.retention`
finds this module by its name)."""

from cms.people.retention import register_eraser
from events.courses.models import Attendance, CourseCompletion


@register_eraser
def erase_course_notes(person):
    """A trainer's note on someone's attendance and the reason a completion was refused are
    about the person: they go with the person's name. The marks and completions stay, so that
    the course's figures stay true."""
    Attendance.objects.filter(registration__person=person).update(note="")
    CourseCompletion.objects.filter(registration__person=person).update(refused_reason="")
