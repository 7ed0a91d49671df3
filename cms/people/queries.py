"""The read side of people's contact records that other apps share."""

from django.db.models import Value
from django.db.models.functions import Upper
from django.db.models.lookups import Exact


def email_is(email, field="email"):
    """A condition: the address in `field` (a path to a Person's email) is `email` whatever
    its case. Written as UPPER(email) = UPPER(…), the expression of the index on Person's
    email, so that both databases look it up: `iexact` is a LIKE on SQLite, which no index
    serves, and a sign-up's clash check or a registration's prerequisites would read every
    contact record."""
    return Exact(Upper(field), Upper(Value(email)))
