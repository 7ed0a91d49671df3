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
  municipalities' (a registry it shares); a record only its own platform shows (a volunteer's
  shift or sign-up: cms.core.invalidation.OWN_SITE) moves its site's alone. Another platform's
  pages stay hits;
- the sum of all, moved by every change, for what is read across platforms (the restricted
  sections, reads with no site).
A site's version is the shared counter with the site's: a page is keyed on it. Correctness
first: whatever cannot be attributed for certain moves the shared counter. Which platform a
page is of and which sites show a platform's changes: the one map of the platforms
(cms.core.platform_map). What changes with no write (a session starts, registration opens)
ends the cached output of the sites that show that platform's records only
(`next_change_by_clock`).
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
# How long a host's site is kept (under the shared version, which any change of a site moves).
# Which platform a page is of, and which sites a change shows on: cms.core.platform_map.
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
    request._tsunagu_site_pk = known[1]
    return f"{shared}.{_current([_site_key(known[1])])[0]}"


def site_of_request(request):
    """The id of the site `version_for_request` found for `request` (None before it, or when
    it found none): the site whose clock (`next_change_by_clock`) ends its cached answer."""
    return getattr(request, "_tsunagu_site_pk", None) or None


def changed(*, page=None, platform=None, record=None, own_site=False):
    """Something public changed: from now on the caches that may show it miss. With a `page`,
    a `platform` (its id or the row) or a `record` (a row with a `platform`), only those of the
    sites that show it (see the module); `own_site`: of the record's or platform's own site
    only, for records no other platform shows (a volunteer's sign-up); with none, every one.
    Inside a transaction, once now
    and once more when it commits: a request that renders between the change and the commit
    sees the old state and may cache it under the new version; the second change drops it.
    (Tests that roll back run the first one only, which is all they need.)"""
    sites = _sites(page=page, platform=platform, record=record, own_site=own_site)
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


def _sites(*, page=None, platform=None, record=None, own_site=False):
    """The ids of the sites that show the change, or None for every one: from the platforms'
    map (cms.core.platform_map), which is dropped when a site, a platform or a home changes."""
    from cms.core.platform_map import of_path, platform_map

    if page is not None:
        info = of_path(page.path) if page.depth > 1 else None
        return info.page_sites if info is not None else None
    if record is not None:
        # A record shown on every platform (a nationwide window's search entry): no one
        # platform's. (A window may stop being nationwide: invalidation.SHARED.)
        if getattr(record, "nationwide", False):
            return None
        platform = getattr(record, "platform_id", None)
    info = platform_map().get(getattr(platform, "pk", platform)) if platform is not None else None
    if info is None:
        return None
    return (info.site_id,) if own_site else info.record_sites


#: Wagtail hook: a function of `now` returning the next moment after it at which the app's
#: public output changes with nobody writing anything (a session starts or ends, registration
#: opens or closes, pledges close): {platform pk: its next moment}, the moments of the records
#: of each platform (ends the cached output of the sites its records show on, `_sites`), or
#: one moment (or None) for the whole installation.
CLOCK_HOOK = "public_changes_by_clock"


def next_change_by_clock(now=None, site=None):
    """The next moment at which what `site` (a Site or its id; None: any site) shows changes
    by the clock alone: the earliest of the apps' moments (CLOCK_HOOK) of the platforms whose
    changes it shows, and the next midnight in the site's time zone, when "today" moves
    (dates shown as past or coming, days left). A cached page lives no longer than this, and
    one platform's registration opening ends no other platform's pages. Asked of the database
    once per version of everything, and kept until the earliest moment of every site."""
    now = now or timezone.now()
    key = f"tsunagu:clock:{version()}"
    stored = cache.get(key)
    if stored is None or stored["until"] <= now:
        stored = _read_clock(now)
        cache.set(key, stored, timeout=max(1, int((stored["until"] - now).total_seconds())))
    if site is None:
        return stored["until"]
    return stored["sites"].get(getattr(site, "pk", site), stored["every"])


def _read_clock(now):
    """{"every": the moment of every site (midnight, moments no platform is named for),
    "sites": {site id: its moment, where earlier}, "until": the earliest of all}."""
    from cms.core.platform_map import platform_map

    local = timezone.localtime(now)
    every = timezone.make_aware(datetime.combine(local.date() + timedelta(days=1), dt_time.min))
    by_platform = {}
    for next_moment in hooks.get_hooks(CLOCK_HOOK):
        found = next_moment(now)
        for platform, moment in found.items() if isinstance(found, dict) else [(None, found)]:
            if moment is None or moment <= now:
                continue
            if platform is None:
                every = min(every, moment)
            else:
                by_platform[platform] = min(by_platform.get(platform, moment), moment)
    infos = platform_map()
    sites = {}
    for platform, moment in by_platform.items():
        info = infos.get(platform)
        if info is None:  # a platform not in the map (yet): every site's
            every = min(every, moment)
            continue
        for site in info.record_sites:
            sites[site] = min(sites.get(site, moment), moment)
    sites = {site: moment for site, moment in sites.items() if moment < every}
    return {"every": every, "sites": sites, "until": min([every, *sites.values()])}
