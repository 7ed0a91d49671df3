"""The project's URLconf. `cms` never imports a higher app, so each app registers its own public
addresses with a Wagtail hook, as apps register their admin addresses:

- `register_public_urls`: a function returning URL patterns served under the language prefix
  (/ja/, /en/);
- `register_unprefixed_urls`: patterns for machines, without a language (/calendar.ics).

Patterns are added in the hooks' `order` (then INSTALLED_APPS order for equal orders), so the
same URLconf is built on every start. Wagtail's page serving comes after all of them."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from wagtail import hooks
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.views import account

from cms import views
from cms.core import documents, preferences
from cms.core.login import FrontendLoginForm
from cms.core.ratelimit import rate_limited


def registered(hook_name):
    return [pattern for hook in hooks.get_hooks(hook_name) for pattern in hook()]


# Not prefixed by language: machines and staff tools.
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("platform.css", views.platform_css, name="platform_css"),
    # The 文字サイズ form's old address, for pages cached before it joined the display
    # preferences (cms/core/preferences.py): same view, its old field name.
    path(
        "text-size",
        preferences.set_preference,
        {"name": "text-size", "field": "size"},
        name="text_size",
    ),
    *registered("register_unprefixed_urls"),
    # The admin's login and password reset, rate limited per client address (cms/core/login.py),
    # ahead of Wagtail's own patterns for the same addresses and names.
    path(
        "admin/login/",
        rate_limited("login", "admin_login")(account.LoginView.as_view()),
        name="wagtailadmin_login",
    ),
    path(
        "admin/password_reset/",
        rate_limited("password_reset", "admin_password_reset")(account.PasswordResetView.as_view()),
        name="wagtailadmin_password_reset",
    ),
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
    # Wagtail's login and password for restricted pages, rate limited like the admin's login.
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        rate_limited("login", "page_password")(wagtail_views.authenticate_with_password),
        name="wagtailcore_authenticate_with_password",
    ),
    path(
        "_util/login/",
        rate_limited("login", "frontend_login")(
            auth_views.LoginView.as_view(
                template_name="wagtailcore/login.html", authentication_form=FrontendLoginForm
            )
        ),
        name="wagtailcore_login",
    ),
    # Wagtail's page serving. Exempt from the CSRF middleware only to choose per page: pages
    # whose forms are anonymous check the origin, every other page Django's token, in
    # cms/core/wagtail_hooks.py (refuse_forged_posts).
    re_path(wagtail_urls.serve_pattern, csrf_exempt(wagtail_views.serve), name="wagtail_serve"),
    prefix_default_language=True,
)
