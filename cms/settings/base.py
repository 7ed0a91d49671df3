"""Settings shared by every environment, read from environment variables.

The README lists every variable. Defaults are safe for development: a SQLite file in the
project folder, mail to the console, local-memory cache and the database as task broker.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "cms"

env = environ.Env()

SECRET_KEY = env("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
# ".localhost": every platform of the demo on one machine (http://nagano.localhost:8000/).
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", ".localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "cms.core",
    "cms.people",
    "cms.home",
    "cms.news",
    "cms.directory",
    "cms.navigator",
    "cms.search",
    "cms.reports",
    "events",
    "events.courses",
    "events.fooddrives",
    "volunteers",
    "sponsors",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_q",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # Outermost, so that it logs the status actually sent (see cms/core/request_log.py).
    "cms.core.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "cms.core.headers.SecurityHeadersMiddleware",
    # Before sessions, locale and authentication, so that a hit costs next to nothing; inside
    # the two above, so that a hit gets their headers like any answer (cms/core/pagecache.py).
    "cms.core.pagecache.PageCacheMiddleware",
    # Inside the page cache, so that its stored pages say `Vary: Cookie` too (preferences.py).
    "cms.core.preferences.PreferenceVaryMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Inside LocaleMiddleware's redirect, around everything that reads pages (request_memo.py).
    "cms.core.request_memo.RequestMemoMiddleware",
    # After the locale is known: a language the platform does not offer goes to Japanese.
    "cms.core.languages.OfferedLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication, so that it knows who is logged in (see cms/core/private.py).
    "cms.core.private.PrivateResponseMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: DATABASE_URL, e.g. postgres://user:pass@host:5432/tsunagu; a SQLite file otherwise.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the task worker write at the same time: WAL lets readers go on while
    # one writes, IMMEDIATE takes the write lock when a transaction starts instead of failing
    # half-way through it, and the timeout makes the other writer wait rather than error.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Personal data of people inactive this long, with nothing still going on, is erased nightly.
PEOPLE_RETENTION_DAYS = env.int("PEOPLE_RETENTION_DAYS", default=730)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Cache and task broker: Redis when REDIS_URL is set, local memory and the database otherwise.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "tsunagu",
        }
    }
else:
    # Room for a calendar's VEVENT fragments (one entry per session, cms.core.ical): with
    # Django's default of 300 entries a large feed would push itself out on every request.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }

# Whole public pages and feeds, in that cache (cms/core/pagecache.py); PAGE_CACHE=0 turns it off
# (the bench's uncached figures). An entry lives at most PAGE_CACHE_SECONDS: any public change
# makes every entry unreachable at once (cms/core/freshness.py), this only bounds the memory.
PAGE_CACHE = env.bool("PAGE_CACHE", default=True)
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)

# django-q2. The retry must exceed the timeout or a slow task runs twice; catch_up is off so a
# restarted cluster does not replay missed schedules (and send the same mails again).
Q_CLUSTER = {
    "name": "tsunagu",
    "workers": env.int("Q_WORKERS", default=2),
    "timeout": 120,
    "retry": 300,
    "max_attempts": 5,
    "catch_up": False,
    "save_limit": 1000,
    "label": _("Background tasks"),
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"

# Mail: EMAIL_URL (smtp+tls://user:pass@host:587, consolemail://, ...) or the EMAIL_HOST family.
if env("EMAIL_URL", default=""):
    globals().update(env.email_url("EMAIL_URL"))
elif env("EMAIL_HOST", default=""):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env("EMAIL_HOST")
    EMAIL_PORT = env.int("EMAIL_PORT", default=587)
    EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
    EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
    EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
# The outbox (cms/core/outbox.py): the first retry after a failed delivery (then ×4 each time),
# and how long an unsent mail waits before it is queued again because its task was lost.
OUTBOX_RETRY_BASE_SECONDS = env.int("OUTBOX_RETRY_BASE_SECONDS", default=60)
OUTBOX_REQUEUE_AFTER_SECONDS = env.int("OUTBOX_REQUEUE_AFTER_SECONDS", default=600)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Tsunagu <noreply@localhost>")
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# Languages: Japanese first. URLs carry the language (/ja/, /en/, /ja-x-easy/ …). Each is
# named in itself, as the language switcher shows it. やさしい日本語 (easy Japanese, "ja-x-easy",
# a private-use subtag of ja) is a locale of its own whose missing strings and pages fall back
# to Japanese; its catalog lives in locale/ja_X-easy (Django's to_locale of the code). Which of
# these a platform offers is set per platform (core.PlatformSettings.languages); these are all there are.
LANGUAGE_CODE = "ja"
LANGUAGES = [
    ("ja", "日本語"),
    ("en", "English"),
    ("ja-x-easy", "やさしい にほんご"),
    ("zh-hans", "简体中文"),
    ("ko", "한국어"),
    ("vi", "Tiếng Việt"),
    ("pt-br", "Português (Brasil)"),
    ("ne", "नेपाली"),
]
# Django knows every language above but やさしい日本語: its names for get_language_info.
LANG_INFO.setdefault(
    "ja-x-easy",
    {
        "bidi": False,
        "code": "ja-x-easy",
        "name": "Easy Japanese",
        "name_local": "やさしい にほんご",
    },
)
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [PROJECT_DIR / "locale"]
# Dates with their weekday in each language's own way (cms/formats/<language>/formats.py).
FORMAT_MODULE_PATH = ["cms.formats"]
USE_I18N = True
TIME_ZONE = "Asia/Tokyo"
USE_TZ = True

# Static files and media. Images are public media, served by nginx (or a public bucket) at
# MEDIA_URL; documents are private and only ever leave through Wagtail's serve view, which checks
# their collection's view restrictions (cms/core/storage.py, cms/core/documents.py).
# MEDIA_S3_BUCKET switches media to S3-compatible object storage, documents then going to a
# bucket of their own without public access (MEDIA_S3_PRIVATE_BUCKET).
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
MEDIA_URL = env("MEDIA_URL", default="/media/")
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Outside MEDIA_ROOT, so that nothing that serves MEDIA_ROOT can reach it.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private-media")))
# How long a signed address of a document in the private bucket works, in seconds: long enough
# to start the download the serve view redirects to, too short to pass around.
PRIVATE_URL_SECONDS = 300
STORAGES = {
    "default": {"BACKEND": "cms.core.storage.MediaStorage"},
    "public": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "cms.core.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Locally the serve view streams the file; from a bucket it redirects to a signed address.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
if env("MEDIA_S3_BUCKET", default=""):
    if not env("MEDIA_S3_PRIVATE_BUCKET", default=""):
        raise ImproperlyConfigured(
            "MEDIA_S3_BUCKET is set but MEDIA_S3_PRIVATE_BUCKET is not. Documents (some of "
            "them for members only) may not go to the public media bucket, where anyone could "
            "read them by their address: create a second bucket without public access and set "
            "MEDIA_S3_PRIVATE_BUCKET to its name (see README, Production)."
        )
    _s3_connection = {
        "endpoint_url": env("MEDIA_S3_ENDPOINT_URL", default=None),
        "region_name": env("MEDIA_S3_REGION", default=None),
        "access_key": env("MEDIA_S3_ACCESS_KEY_ID", default=None),
        "secret_key": env("MEDIA_S3_SECRET_ACCESS_KEY", default=None),
        "default_acl": None,
        "file_overwrite": False,
    }
    STORAGES["public"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3_connection,
            "bucket_name": env("MEDIA_S3_BUCKET"),
            "custom_domain": env("MEDIA_S3_CUSTOM_DOMAIN", default=None),
            "querystring_auth": env.bool("MEDIA_S3_QUERYSTRING_AUTH", default=False),
        },
    }
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3_connection,
            "bucket_name": env("MEDIA_S3_PRIVATE_BUCKET"),
            # never the public custom domain: its addresses would not be signed
            "custom_domain": None,
            "querystring_auth": True,
            "querystring_expire": PRIVATE_URL_SECONDS,
        },
    }
    WAGTAILDOCS_SERVE_METHOD = "redirect"

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Wagtail
WAGTAIL_SITE_NAME = env("SITE_NAME", default="Tsunagu")
WAGTAILADMIN_BASE_URL = env("BASE_URL", default="http://127.0.0.1:8000")

# The domain part of calendar UIDs. It must never change once feeds are published, or every
# subscribed calendar duplicates its entries; it need not be a real host name.
ICAL_UID_DOMAIN = env("ICAL_UID_DOMAIN", default="tsunagu.invalid")

# URLs typed by members (calendar feeds to import) may not reach private or loopback addresses
# unless this is on (development machines, tests with a local server).
FETCH_ALLOW_PRIVATE_ADDRESSES = env.bool("FETCH_ALLOW_PRIVATE_ADDRESSES", default=False)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"bmp": "webp", "gif": "webp", "jpeg": "webp", "png": "webp"}
# Every image needs a description: pages use it as the alternative text of their photo.
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.core.image_form.ImageForm"
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Django's loggers name the path of a request that failed: its private tokens are masked.
    "filters": {"mask_tokens": {"()": "cms.core.request_log.MaskRequestPathFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "filters": ["mask_tokens"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # the access log: one JSON line per request, whatever LOG_LEVEL says of the rest
        "tsunagu.request": {"level": "INFO"},
        "django.db.backends": {"level": "WARNING"},
        # one line per background task run is noise; failures still come through
        "django_tasks": {"level": "WARNING"},
        # font subsetting for every PDF logs a dozen INFO lines about font tables
        "fontTools": {"level": "WARNING"},
    },
}

# The ibasho map's tile server (Leaflet URL template) and its attribution; the map is an
# enhancement of the list, so an empty URL simply leaves the map out.
TSUNAGU_MAP_TILES = env.str(
    "TSUNAGU_MAP_TILES", default="https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png"
)
TSUNAGU_MAP_ATTRIBUTION = env.str("TSUNAGU_MAP_ATTRIBUTION", default="出典：国土地理院 (GSI Tiles)")

# Abuse (cms/core/ratelimit.py). POSTs one client address may send to one view, by group, as
# "count/period" (s, m, h, d; "20/10m" is 20 in ten minutes), counted in the cache so that
# every application server shares the counts (through Redis in production). "form": public
# forms; "mail": forms that mail a link; "action": buttons on private links; the admin's login
# and password reset. Over the limit the answer is 429, with the form and what was typed.
RATELIMITS = {
    "form": env("RATELIMIT_FORM", default="20/10m"),
    "mail": env("RATELIMIT_MAIL", default="10/h"),
    "action": env("RATELIMIT_ACTION", default="60/10m"),
    "login": env("RATELIMIT_LOGIN", default="30/10m"),
    "password_reset": env("RATELIMIT_PASSWORD_RESET", default="10/h"),
}
# How many proxies (nginx, a load balancer) stand in front of the application and append the
# address they were reached from to X-Forwarded-For. 0: the header is ignored (anyone can send
# it) and the client is REMOTE_ADDR.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Failed admin logins (django-axes, cms/core/login.py): a user name that fails
# AXES_FAILURE_LIMIT times in a row from one address is locked out from that address for
# AXES_COOLOFF_MINUTES. Counted in the database, which every application server shares;
# attempts are forgotten when the lockout ends or the login succeeds, and successful logins
# are not recorded.
INSTALLED_APPS += ["axes"]
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_CLIENT_IP_CALLABLE = "cms.core.ratelimit.client_ip"
AXES_LOCKOUT_CALLABLE = "cms.core.login.locked_out"
# Logs hold no user names or addresses (see cms/core/request_log.py).
AXES_CLIENT_STR_CALLABLE = "cms.core.login.client_description"
AXES_VERBOSE = False
WAGTAILADMIN_USER_LOGIN_FORM = "cms.core.login.LoginForm"
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "cms.core.login.PasswordResetForm"
