"""The read side of people's contact records that other apps share."""

from django.db.models import Q, Value
from django.db.models.functions import Upper
from django.db.models.lookups import Exact


def email_is(platform, email, field="email"):
    """A condition: the person at `field` (a path to a Person's email) is of `platform` (a
    Platform or its pk) and has the address `email` whatever its case: a person is a person of
    one platform, so there is no asking by address alone. Written as UPPER(email) = UPPER(…), the expression of the index on Person's
    email, so that both databases look it up: `iexact` is a LIKE on SQLite, which no index
    serves, and a sign-up's clash check or a registration's prerequisites would read every
    contact record."""
    if platform is None:
        raise ValueError("a person is found by address on a platform")
    prefix = field.removesuffix("email")
    return Q(Exact(Upper(field), Upper(Value(email))), **{f"{prefix}platform": platform})


def recognised_qualifications(qualifications, platforms):
    """`qualifications` narrowed to those `platforms` (pks) recognise: their own, and those of
    a prefecture that shares its registry with them (`services.registry_platforms`, for a
    list of platforms inside one query): what a role or a qualification may ask for."""
    return qualifications.filter(
        Q(platform__in=platforms)
        | Q(platform__shares_registry=True, platform__municipalities__in=platforms)
    ).distinct()
