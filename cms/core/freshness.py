"""The version of what the public sees: every cache of public output (pages, the page frame,
feed fragments) keys on it, and anything that changes what a visitor could see changes it.

Kept in the shared cache (Redis when configured), so that every app server sees a change at
once. Changing it makes every cached entry under it unreachable at once; entries under older
versions simply expire. Coarse on purpose: a cached page is never stale, whatever it shows
(seats left, progress, the menu), and a page that changes often costs one render per change.

One installation serves several platforms (issue 18), so there are three counters:
- the shared one, moved by a change that belongs to no one platform (the nationwide windows,
  topics, synonyms, settings, sites and platforms themselves, restrictions, anything not
  attributed below): every platform's pages miss;
- one per site, moved by a change attributable to its platform (a page in its tree, a record
  with its `platform`): that platform's pages miss, and those of the prefecture that hosts it
  (which may show its municipalities' events); a record of a prefecture's also moves its
  municipalities' (a registry it shares). Another platform's pages stay hits;
- the sum of all, moved by every change, for what is read across platforms (the restricted
  sections, reads with no site).
A site's version is the shared counter with the site's: a page is keyed on it. Correctness
first: whatever cannot be attributed for certain moves the shared counter.
"""

import time
from datetime import datetime, timedelta
from datetime import time as dt_time

from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import DatabaseError, transaction
from django.utils import timezone
from wagtail import hooks

KEY = "tsunagu:freshness"
ALL = "tsunagu:freshness:all"
# How long the map of homes and platforms and a host's site are kept (under the shared
# version, which any change of a site, a platform or a home moves).
MAP_SECONDS = 60 * 60


def _site_key(site_id):
    return f"tsunagu:freshness:site:{site_id}"


def _current(keys):
    """The values of the counters `keys`, each created when the cache does not hold it (new,
    flushed or evicted) from the clock, not 1: a version evicted alone must not come back as an
    old value under which stale entries are still stored."""
    found = cache.get_many(keys)
    for key in keys:
        if found.get(key) is None:
            cache.add(key, time.time_ns(), timeout=None)
            found[key] = cache.get(key)
    return [found[key] for key in keys]


def version(site=None):
    """The current version of what `site` (a Site or its id) shows; with no site, of
    everything (moved by every change)."""
    if site is None:
        return _current([ALL])[0]
    shared, own = _current([KEY, _site_key(getattr(site, "pk", site))])
    return f"{shared}.{own}"


def version_for_request(request):
    """The version of the site that answers `request`, without a query once its host is known
    (the page cache asks it before anything else)."""
    try:
        host = request.get_host()
    except DisallowedHost:  # the usual 400 follows
        return version()
    host_key = f"tsunagu:freshness:host:{host}"
    found = cache.get_many([KEY, host_key])
    shared, known = found.get(KEY), found.get(host_key)
    if shared is None or known is None or known[0] != shared:
        from wagtail.models import Site

        shared = _current([KEY])[0]
        try:
            site = Site.find_for_request(request)
        except DatabaseError:
            # No database (/healthz answers 503 then): the counter every change moves, under
            # which nothing is ever stale either.
            return version()
        known = (shared, site.pk if site else 0)
        cache.set(host_key, known, MAP_SECONDS)
    return f"{shared}.{_current([_site_key(known[1])])[0]}"


def changed(*, page=None, platform=None, record=None):
    """Something public changed: from now on the caches that may show it miss. With a `page`,
    a `platform` (its id or the row) or a `record` (a row with a `platform`), only those of the
    sites that show it (see the module); with none, every one. Inside a transaction, once now
    and once more when it commits: a request that renders between the change and the commit
    sees the old state and may cache it under the new version; the second change drops it.
    (Tests that roll back run the first one only, which is all they need.)"""
    sites = _sites(page=page, platform=platform, record=record)
    keys = [ALL, *([KEY] if sites is None else [_site_key(site) for site in sites])]
    _bump(keys)
    if not transaction.get_autocommit():
        transaction.on_commit(lambda: _bump(keys))


def _bump(keys):
    for key in keys:
        try:
            cache.incr(key)
        except ValueError:  # not there: any new value is a new version
            cache.set(key, time.time_ns(), timeout=None)


def _sites(*, page=None, platform=None, record=None):
    """The ids of the sites that show the change, or None for every one."""
    if page is not None:
        platform_id = _platform_of_path(page.path) if page.depth > 1 else None
        return _map()["pages"].get(platform_id)
    if record is not None:
        # A record shown on every platform (a nationwide window's search entry): no one
        # platform's. (A window may stop being nationwide: invalidation.SHARED.)
        if getattr(record, "nationwide", False):
            return None
        platform = getattr(record, "platform_id", None)
        return _map()["records"].get(platform)
    if platform is not None:
        return _map()["records"].get(getattr(platform, "pk", platform))
    return None


def _platform_of_path(path):
    for home, platform_id in _map()["homes"].items():
        if path.startswith(home):
            return platform_id
    return None


def _map():
    """{"homes": {path of a home in any language: platform id}, "pages": {platform id: sites
    its pages show on}, "records": {platform id: sites its records show on}}, kept under the
    shared version (a site, a platform or a home page saved moves it)."""
    key = f"tsunagu:freshness:map:{_current([KEY])[0]}"
    found = cache.get(key)
    if found is None:
        found = _read_map()
        cache.set(key, found, MAP_SECONDS)
    return found


def _read_map():
    from cms.core.models import Platform
    from cms.core.platform import read_home_paths

    rows = list(Platform.objects.values_list("pk", "site_id", "prefecture_id"))
    site_of = {pk: site for pk, site, _prefecture in rows}
    pages, records = {}, {}
    for pk, site, prefecture in rows:
        above = {site_of[prefecture]} if prefecture in site_of else set()
        below = {site_of[other] for other, _s, p in rows if p == pk}
        pages[pk] = sorted({site} | above)
        records[pk] = sorted({site} | above | below)
    # Read here, not from platform.home_paths()'s cache: this map is kept under the version a
    # home's change moves, and may be read in that change's signal before the cache is dropped.
    paths = {path: platform.pk for path, platform in read_home_paths().items()}
    return {"homes": paths, "pages": pages, "records": records}


#: Wagtail hook: a function of `now` returning the next moment after it at which the app's
#: public output changes with nobody writing anything (a session starts or ends, registration
#: opens or closes, pledges close), or None.
CLOCK_HOOK = "public_changes_by_clock"


def next_change_by_clock(now=None):
    """The next moment at which what the public sees changes by the clock alone: the earliest
    of every app's (CLOCK_HOOK) and the next midnight in the site's time zone, when "today"
    moves (dates shown as past or coming, days left). A cached page lives no longer than
    this. Asked of the database once per version, and kept until that moment. One moment
    for the whole installation, the earliest of every platform's: a platform's pages may expire
    sooner than its own clock asks, never later (the hooks know no platform yet)."""
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
