"""How long personal data is kept, and who may not be erased yet.

Apps that hold people's records (registrations, shifts, applications) register a hold: a
function that, given a queryset of people, returns those who still have something going on
(a future event, an open application). Nobody is erased while a hold keeps them. They register
an eraser too: what they keep about a person beyond the contact record (free text, notes) is
cleared with it. Both live in an app's `services` or `retention` module, which are found here,
so that the apps need not be imported (cms does not import the layers above it)."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from cms.core.models import Platform, PlatformSettings
from cms.people.models import Person

_holds = []
_erasers = []


def register_hold(function):
    """Decorator for `function(people: QuerySet[Person]) -> QuerySet[Person]` of people to keep."""
    _holds.append(function)
    return function


def register_eraser(function):
    """Decorator for `function(person)` that clears what an app keeps about a person beyond
    the contact record (free-text answers, notes, staff's reasons), when the person is erased.
    Rows stay (counts and reports stay true); what they say about the person goes."""
    _erasers.append(function)
    return function


def discover():
    """Import every app's `services` and `retention` modules, where holds and erasers are
    registered: a task worker may not have imported them yet, and a missing hold would erase
    someone who still has a shift or a seat, a missing eraser keep what should go."""
    autodiscover_modules("services", "retention")


def run_erasers(person):
    discover()
    for eraser in _erasers:
        eraser(person)


def retention_period(platform=None):
    """How long `platform` keeps the data of someone inactive: its settings' period, else
    the installation's (PEOPLE_RETENTION_DAYS)."""
    days = None
    if platform is not None:
        days = (
            PlatformSettings.objects.filter(site_id=platform.site_id)
            .values_list("people_retention_days", flat=True)
            .first()
        )
    return timedelta(days=days or settings.PEOPLE_RETENTION_DAYS)


def _inactive(now):
    """People inactive for longer than their platform's retention period."""
    inactive = Q(pk__in=[])  # no platform, nobody: an empty Q() would match everyone
    for platform in Platform.objects.all():
        inactive |= Q(platform=platform, last_active_at__lt=now - retention_period(platform))
    return inactive


def expired_people(now=None):
    """People inactive for longer than their platform's retention period, not yet erased,
    and held by no app."""
    now = now or timezone.now()
    discover()
    people = Person.objects.filter(_inactive(now), erased_at__isnull=True)
    for hold in _holds:
        people = people.exclude(pk__in=hold(people).values("pk"))
    return people


def held(people):
    """Those of `people` that some app still holds (a seat, a shift, food still to bring)."""
    discover()
    pks = set()
    for hold in _holds:
        pks.update(hold(people).values_list("pk", flat=True))
    return people.filter(pk__in=pks)
