"""Volunteer opportunities, their roles and shifts, the volunteers and their sign-ups.

A shift is a seat pool and a sign-up a claim on it (`events.capacity`): capacity, waitlist and
promotion follow the same rules, in the same code, as event registrations.

`VolunteerOpportunity` and `Role` are translatable snippets rather than pages: residents read
them only through the list of shifts (one page filtering across every opportunity), and
coordinators manage them next to the shifts and rosters in the admin. Shifts and sign-ups belong
to the original-language opportunity and role; a translation only changes the words shown.

Importing every submodule here is what registers its models with the app, and keeps
`from volunteers.models import X` working for each of them.
"""

from volunteers.models.messages import ShiftMessage, VolunteerMail
from volunteers.models.opportunities import Role, VolunteerOpportunity, translated
from volunteers.models.shifts import QUARTER, Shift, ShiftSignup, worked_hours
from volunteers.models.volunteers import Volunteer

__all__ = [
    "QUARTER",
    "Role",
    "Shift",
    "ShiftMessage",
    "ShiftSignup",
    "Volunteer",
    "VolunteerMail",
    "VolunteerOpportunity",
    "translated",
    "worked_hours",
]
