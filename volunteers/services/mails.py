"""The mails volunteering's changes write: a `VolunteerMail` row in the outbox, in the
transaction of the change, delivered after the commit by `volunteers.tasks.deliver_mail`."""

from volunteers.models import VolunteerMail

Kind = VolunteerMail.Kind


def write(volunteer, kind, **about):
    """Write a mail to the volunteer into the outbox; it goes out after the commit. Nobody
    without an address gets a row (people added by staff from a phone call)."""
    if not volunteer.person.email:
        return None
    return VolunteerMail.write(volunteer=volunteer, kind=kind, **about)
