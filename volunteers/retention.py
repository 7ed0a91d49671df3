"""What volunteers ask of the retention of personal data (`cms.people.retention` finds this
module by its name; the hold is with the shifts, in `services.shifts`)."""

from cms.people.retention import register_eraser
from volunteers.models import ShiftSignup, Volunteer


@register_eraser
def erase_volunteer_profile(person):
    """The languages and skills a volunteer gave, and a coordinator's reason for putting them
    on a full shift, go with the person's name. The volunteer and their sign-ups stay, so that
    hours and rosters stay true."""
    Volunteer.objects.filter(person=person).update(languages=[], skills=[])
    ShiftSignup.objects.filter(volunteer__person=person).update(override_reason="")
