"""What the directory asks of the retention of personal data (`cms.people.retention` finds
this module by its name)."""

from cms.directory.members.applications import MembershipApplication
from cms.people.retention import register_eraser


@register_eraser
def erase_application_contact(person):
    """A membership application's contact person is erased with what the application says
    beside the organisation's name: their role, the description they wrote and the reason
    given to them, and the key made from their address (which would tell whether an address
    applied). The application stays (with the organisation's name), so that who applied and
    what was decided stay on record."""
    applications = MembershipApplication.objects.filter(contact=person)
    applications.update(representative_role="", description="", decision_reason="")
    for pk in applications.values_list("pk", flat=True):
        # Unique among pending applications, like the key it replaces.
        applications.filter(pk=pk).update(duplicate_key=f"erased-{pk}")
