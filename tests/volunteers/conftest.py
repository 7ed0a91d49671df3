from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from wagtail.models import Locale

from cms.people.models import Person, Qualification
from tests.platforms import default_platform
from volunteers.models import Role, Shift, Volunteer, VolunteerOpportunity


def default_locale():
    # Transactional tests flush the table the migrations filled.
    return Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)[0]


def make_opportunity(title="フードドライブ 仕分けボランティア", *, platform=None, **fields):
    fields.setdefault("summary", "寄付された食品の仕分け")
    fields.setdefault("place", "鳥取市福祉会館")
    fields.setdefault("contact_name", "事務局")
    return VolunteerOpportunity.objects.create(
        platform=platform or default_platform(), title=title, locale=default_locale(), **fields
    )


def make_role(name="仕分け", qualification=None, *, platform=None):
    return Role.objects.create(
        platform=platform or default_platform(),
        name=name,
        qualification=qualification,
        locale=default_locale(),
    )


def make_shift(opportunity=None, role=None, *, hours=48, length=3, capacity=2, **fields):
    """A shift starting in `hours` hours, `length` hours long."""
    starts = timezone.now() + timedelta(hours=hours)
    opportunity = opportunity or make_opportunity()
    return Shift.objects.create(
        opportunity=opportunity,
        role=role or make_role(platform=opportunity.platform),
        starts_at=starts,
        ends_at=starts + timedelta(hours=length),
        capacity=capacity,
        **fields,
    )


def make_volunteer(name="飯山 花子", email=None, confirmed=True, *, platform=None):
    number = Person.objects.count() + 1
    person = Person.objects.create(
        platform=platform or default_platform(),
        name=name,
        email=email or f"v{number}@example.jp",
        last_active_at=timezone.now(),
    )
    return Volunteer.objects.create(
        person=person, email_confirmed_at=timezone.now() if confirmed else None
    )


def make_qualification(name="つながりサポーター"):
    return Qualification.objects.create(
        platform=default_platform(), name=name, slug="tsunagari-supporter", locale=default_locale()
    )


@pytest.fixture
def opportunity(db):
    return make_opportunity()


@pytest.fixture
def shift(opportunity):
    return make_shift(opportunity)


@pytest.fixture
def volunteer(db):
    return make_volunteer()


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Call a function as a request or task would: its after-commit work (mails) runs."""

    def call(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return call


@pytest.fixture
def coordinator(client, django_user_model):
    """A logged-in coordinator: may use the admin and change shifts (the rosters)."""
    from django.contrib.auth.models import Group, Permission

    from cms.core.models import PlatformRole

    user = django_user_model.objects.create_user("coordinator", password="x")
    # A coordinator of the default platform: rosters are their platform's.
    group = Group.objects.create(name="coordinators")
    PlatformRole.objects.create(group=group, platform=default_platform(), role="coordinators")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="change_shift"),
    )
    user.groups.add(group)
    client.force_login(user)
    return user
