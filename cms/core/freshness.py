"""The version of what the public sees: every cache of public output (pages, the page frame,
feed fragments) keys on it, and anything that changes what a visitor could see changes it.

One number for the whole installation, kept in the shared cache (Redis when configured), so
that every app server sees a change at once. Changing it makes every cached entry unreachable
at once; entries under older versions simply expire. Coarse on purpose: a cached page is never
stale, whatever it shows (seats left, progress, the menu), and a page that changes often costs one
render per change. When one installation serves several platforms (issue 18), the version
becomes one per site, with the same two functions taking the site.
"""

import time
from datetime import datetime, timedelta
from datetime import time as dt_time

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from wagtail import hooks

KEY = "tsunagu:freshness"


def version():
    """The current version, created when the cache does not hold one (new, flushed or evicted)."""
    current = cache.get(KEY)
    if current is None:
        # From the clock, not 1: a version evicted alone must not come back as an old value
        # under which stale entries are still stored.
        cache.add(KEY, time.time_ns(), timeout=None)
        current = cache.get(KEY)
    return current


def changed():
    """Something public changed: from now on every cache misses. Inside a transaction, once now
    and once more when it commits: a request that renders between the change and the commit
    sees the old state and may cache it under the new version; the second change drops it.
    (Tests that roll back run the first one only, which is all they need.)"""
    _bump()
    if not transaction.get_autocommit():
        transaction.on_commit(_bump)


def _bump():
    try:
        cache.incr(KEY)
    except ValueError:  # not there: any new value is a new version
        cache.set(KEY, time.time_ns(), timeout=None)


#: Wagtail hook: a function of `now` returning the next moment after it at which the app's
#: public output changes with nobody writing anything (a session starts or ends, registration
#: opens or closes, pledges close), or None.
CLOCK_HOOK = "public_changes_by_clock"


def next_change_by_clock(now=None):
    """The next moment at which what the public sees changes by the clock alone: the earliest
    of every app's (CLOCK_HOOK) and the next midnight in the site's time zone, when "today"
    moves (dates shown as past or coming, days left). A cached page lives no longer than
    this. Asked of the database once per version, and kept until that moment."""
    now = now or timezone.now()
    key = f"tsunagu:clock:{version()}"
    stored = cache.get(key)
    if stored is not None and stored > now:
        return stored
    local = timezone.localtime(now)
    moments = [timezone.make_aware(datetime.combine(local.date() + timedelta(days=1), dt_time.min))]
    for next_moment in hooks.get_hooks(CLOCK_HOOK):
        moment = next_moment(now)
        if moment is not None and moment > now:
            moments.append(moment)
    moment = min(moments)
    cache.set(key, moment, timeout=max(1, int((moment - now).total_seconds())))
    return moment
