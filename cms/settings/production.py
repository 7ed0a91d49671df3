from django.core.exceptions import ImproperlyConfigured

from .base import *

DEBUG = env.bool("DEBUG", default=False)

if not SECRET_KEY or SECRET_KEY.startswith("django-insecure"):
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Production refuses to start without a secret key of its own: "
        "set SECRET_KEY to a long random value (python -c 'import secrets; "
        "print(secrets.token_urlsafe(50))')."
    )

# Mails and admin notifications carry absolute links built from BASE_URL; the development
# default (http://127.0.0.1:8000) would send residents links that lead nowhere.
if not env("BASE_URL", default="").startswith(("https://", "http://")):
    raise ImproperlyConfigured(
        "BASE_URL is not set to the site's public address. Production refuses to start "
        "without it, as every mail and admin link is built from it: set BASE_URL to the "
        "address residents reach, scheme included, e.g. BASE_URL=https://tsunagu.city.example.jp"
    )

# Without a mail server, base settings print mail to the console: confirmations, private links
# and reminders would silently never reach anyone. A trial installation may still choose the
# console, but has to say so.
if not env("EMAIL_URL", default="") and not env("EMAIL_HOST", default=""):
    raise ImproperlyConfigured(
        "No mail server is configured. Production refuses to start without one, or mails to "
        "residents would only be printed to the console: set EMAIL_URL (e.g. "
        "EMAIL_URL=smtp+tls://user:password@smtp.example.jp:587) or EMAIL_HOST and its "
        "companions. For a trial without mail, set EMAIL_URL=consolemail:// explicitly."
    )

STORAGES["staticfiles"] = {
    "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage",
}

# Behind a TLS-terminating proxy (nginx, a load balancer) that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# /healthz is probed over plain HTTP by load balancers and must not be redirected.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
# HSTS for a year, subdomains included and preload allowed: residents' links and private tokens
# must never travel over plain HTTP. A host whose sibling subdomains are not all on HTTPS yet
# turns SECURE_HSTS_INCLUDE_SUBDOMAINS and SECURE_HSTS_PRELOAD off (the README says how).
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if REDIS_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
