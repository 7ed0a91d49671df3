"""Rate limits per client address on what the public sends (forms, buttons on private pages)
and on the admin's login and password reset: counted in the cache, so that every application
server shares the same counts through Redis; only POSTs count, reading is never limited here.

A view says which limit applies with `@rate_limited("form")`; `settings.RATELIMITS` gives each
group its rate ("20/10m": 20 sends in 10 minutes), counted per view and per client address.
Over the limit, the answer is 429 with a `Retry-After`, and nothing typed is lost: the view
runs as usual while the limit is in force, and a form of `RateLimitedFormMixin` (every
public form, through `PublicFormMixin`) refuses with a message at its top instead of
validating, so the view shows the form again with what was typed. A view whose form does not
take the refusal (a button with nothing typed) gets the 429 page, and whatever it wrote is
rolled back.

The client address is REMOTE_ADDR, or the hop before the trusted proxies in X-Forwarded-For
when `TRUSTED_PROXY_COUNT` says how many proxies stand in front (nginx: 1); the header is never
trusted otherwise, as anyone can send it."""

import contextvars
import functools
import ipaddress
import logging
import math
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.forms.utils import ErrorDict
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import ngettext

logger = logging.getLogger("tsunagu.abuse")

RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate):
    """("20/10m") -> (20, 600): how many sends in how many seconds."""
    match = RATE.match(rate)
    if match is None:
        raise ValueError(f"A rate is 'count/period', e.g. '20/10m' or '5/h', not {rate!r}")
    count, multiple, unit = match.groups()
    return int(count), int(multiple or 1) * UNITS[unit]


def _address(value):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def client_ip(request):
    """The address of whoever sent `request`, as a string. Behind `TRUSTED_PROXY_COUNT` proxies,
    each appends the address it was reached from to X-Forwarded-For, so the client is that many
    entries from the right; anything further left was written by the client itself."""
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if trusted > 0 and forwarded:
        hops = [hop for hop in (part.strip() for part in forwarded.split(",")) if hop]
        if hops:
            address = _address(hops[-trusted] if len(hops) >= trusted else hops[0])
            if address is not None:
                return str(address)
    return remote


def _bucket(address):
    """One IPv6 subscriber holds a whole /64: counting its addresses one by one would let it
    rotate through them."""
    parsed = _address(address)
    if parsed is not None and parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False).network_address)
    return address or "unknown"


def hit(key, period):
    """Count one send on `key` in the current window of `period` seconds: (count so far,
    seconds until the window ends). `add` then `incr` is atomic on Redis and in local memory,
    so two servers counting at once never lose a send."""
    now = time.time()
    window = int(now // period)
    cache_key = f"ratelimit:{key}:{window}"
    cache.add(cache_key, 0, timeout=period + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=period + 1)
        count = 1
    return count, max(1, math.ceil((window + 1) * period - now))


@dataclass
class Limited:
    """A request over its limit: what forms read while the view runs."""

    retry_after: int
    refused: bool = False

    @property
    def message(self):
        minutes = max(1, math.ceil(self.retry_after / 60))
        return ngettext(
            "This form has been sent too many times from your connection. Please wait "
            "%(minutes)d minute and send it again: what you typed is kept below.",
            "This form has been sent too many times from your connection. Please wait "
            "%(minutes)d minutes and send it again: what you typed is kept below.",
            minutes,
        ) % {"minutes": minutes}


_current = contextvars.ContextVar("rate_limited", default=None)


def current_limit():
    """The `Limited` of the request being answered, or None when it is within its limits."""
    return _current.get()


def check(request, group, scope):
    """None when `request` may go on, else how long it must wait (a `Limited`)."""
    count, period = parse_rate(settings.RATELIMITS[group])
    seen, retry_after = hit(f"{group}:{scope}:{_bucket(client_ip(request))}", period)
    if seen <= count:
        return None
    return Limited(retry_after=retry_after)


def too_many_requests(request, limited, template="core/too_many_requests.html"):
    """The 429 page, for a send with nothing typed to keep (a button)."""
    response = TemplateResponse(
        request,
        template,
        {"retry_minutes": max(1, math.ceil(limited.retry_after / 60))},
        status=429,
    )
    response["Retry-After"] = str(limited.retry_after)
    return response


def _request_of(args):
    return next(arg for arg in args if isinstance(arg, HttpRequest))


def rate_limited(group, scope=None):
    """Limit the POSTs a view takes from one client address, at the rate of
    `settings.RATELIMITS[group]`, counted per `scope` (the view by default). Works on views and
    on page methods (the request is found among the arguments)."""

    def decorator(view):
        name = scope or f"{view.__module__}.{view.__qualname__}"

        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            request = _request_of(args)
            if request.method != "POST":
                return view(*args, **kwargs)
            limited = check(request, group, name)
            if limited is None:
                return view(*args, **kwargs)
            logger.warning("rate limit: %s over %s", name, group)
            token = _current.set(limited)
            try:
                with transaction.atomic():
                    response = view(*args, **kwargs)
                    # Whatever the view wrote is undone: a form that took the refusal did
                    # nothing, and a view without one must not have done anything either.
                    transaction.set_rollback(True)
            finally:
                _current.reset(token)
            if not limited.refused or response.status_code in (301, 302, 303, 307, 308):
                return too_many_requests(request, limited)
            response.status_code = 429
            response["Retry-After"] = str(limited.retry_after)
            return response

        wrapper.rate_limit_group = group
        return wrapper

    return decorator


class RateLimitedFormMixin:
    """A form that, sent over its view's limit, refuses with the limit's message at its top
    instead of validating (nothing is checked, nothing is done), keeping what was typed."""

    def full_clean(self):
        limited = current_limit()
        if not self.is_bound or limited is None:
            return super().full_clean()
        limited.refused = True
        self._errors = ErrorDict()
        self.cleaned_data = {}
        self.add_error(None, limited.message)
