"""The project's URLconf. `cms` never imports a higher app, so each app registers its own public
addresses with a Wagtail hook, as apps register their admin addresses:

- `register_public_urls`: a function returning URL patterns served under the language prefix
  (/ja/, /en/);
- `register_unprefixed_urls`: patterns for machines, without a language (/calendar.ics).

Patterns are added in the hooks' `order` (then INSTALLED_APPS order for equal orders), so the
same URLconf is built on every start. Wagtail's page serving comes after all of them."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import hooks
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

from cms import views
from cms.core import documents


def registered(hook_name):
    return [pattern for hook in hooks.get_hooks(hook_name) for pattern in hook()]


# Not prefixed by language: machines and staff tools.
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    *registered("register_unprefixed_urls"),
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's document serving, with the cache headers a restricted document needs
    path("documents/", include(documents.urlpatterns)),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Everything a resident reads is under a language prefix (/ja/, /en/); LocaleMiddleware sends
# "/" to the visitor's language. Wagtail's page serving comes last and catches the rest.
urlpatterns += i18n_patterns(
    *registered("register_public_urls"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
