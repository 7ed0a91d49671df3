"""When a secretariat moves (from the municipality to an NPO, FIELD_NOTES.md), an administrator
deactivates the staff who leave and moves the others from role to role in Wagtail's user
admin: a deactivated account loses access on its next request, even in a session it opened
before, a reassigned one has the rights of its new role at once, and the log keeps who did
it."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from cms.core import roles
from tests.events.conftest import make_event
from tests.roles import coordinator, secretariat

pytestmark = pytest.mark.django_db


def edit_user(client, user, *, active, groups):
    data = {
        "username": user.username,
        "email": f"{user.username}@example.invalid",
        "first_name": "担当",
        "last_name": "者",
        "groups": [group.pk for group in groups],
        "password1": "",
        "password2": "",
    }
    if active:
        data["is_active"] = "on"
    response = client.post(reverse("wagtailusers_users:edit", args=[user.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    user.refresh_from_db()
    return user


def refused(response):
    """Wagtail refuses with a redirect to the dashboard, or to the login when the user may
    not use the admin at all."""
    location = response.get("Location", "").split("?")[0]
    return response.status_code == 403 or (
        response.status_code == 302
        and location in (reverse("wagtailadmin_home"), reverse("wagtailadmin_login"))
    )


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_deactivated_account_is_refused_on_its_next_request_and_the_change_is_logged(
    client, admin_user
):
    event = make_event()
    leaving = secretariat("leaving")
    session = logged_in(leaving)
    registrations = reverse("events_admin:registrations", args=[event.pk])
    assert session.get(registrations).status_code == 200

    client.force_login(admin_user)
    edit_user(client, leaving, active=False, groups=leaving.groups.all())
    assert not leaving.is_active
    response = session.get(registrations)
    assert response.status_code == 302 and reverse("wagtailadmin_login") in response["Location"]
    assert session.get(reverse("wagtailadmin_home")).status_code == 302
    entry = ModelLogEntry.objects.get(action="wagtail.edit", object_id=str(leaving.pk))
    assert entry.user == admin_user


def test_a_reassigned_account_has_the_rights_of_its_new_role_at_once(client, admin_user):
    event = make_event()
    staying = coordinator("staying")
    session = logged_in(staying)
    registrations = reverse("events_admin:registrations", args=[event.pk])
    rosters = reverse("volunteers_admin:index")
    assert refused(session.get(registrations))
    assert session.get(rosters).status_code == 200

    client.force_login(admin_user)
    edit_user(client, staying, active=True, groups=[Group.objects.get(name=roles.SECRETARIAT)])
    assert session.get(registrations).status_code == 200

    edit_user(client, staying, active=True, groups=[])
    assert refused(session.get(registrations))
    assert refused(session.get(rosters))
    assert (
        ModelLogEntry.objects.filter(action="wagtail.edit", object_id=str(staying.pk)).count() == 2
    )
