from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import views
from events.feeds import site_calendar

# Not prefixed by language: machines and staff tools.
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # A DESIGN.md contract: calendar apps are given this address, without a language.
    path("calendar.ics", site_calendar, name="calendar"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Everything a resident reads is under a language prefix (/ja/, /en/); LocaleMiddleware sends
# "/" to the visitor's language. Wagtail's page serving comes last and catches the rest.
urlpatterns += i18n_patterns(
    path("calendar.ics", site_calendar, name="calendar_localized"),
    path("courses/", include("events.courses.urls")),
    path("", include("cms.people.urls")),
    path("events/", include("events.urls")),
    path("food-drives/", include("events.fooddrives.urls")),
    path("navigator/", include("cms.navigator.urls")),
    path("search/", include("cms.search.urls")),
    path("newsletter/", include("cms.news.urls")),
    path("volunteers/", include("volunteers.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
