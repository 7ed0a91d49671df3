"""Settings of the server that `make bench` starts (gunicorn on 127.0.0.1): the development
settings with DEBUG off, plus a middleware that reports each response's server time and query
count in headers, no per-address limits on POSTs (one client address sends all), and a
URLconf with the floor view (tests/bench/urls.py). Never used by the site itself."""

from cms.settings.dev import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "tests.bench.urls"
MIDDLEWARE = ["tests.bench.middleware.server_figures", *MIDDLEWARE]  # noqa: F405
# Every request comes from 127.0.0.1: the per-address limits on POSTs would answer the
# registration burst with 429s instead of measuring it.
RATELIMITS = dict.fromkeys(RATELIMITS, "100000/m")  # noqa: F405
