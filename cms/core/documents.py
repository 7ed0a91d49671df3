"""The only way out for a document: Wagtail's serve view (`/documents/<id>/<name>`), which checks
the view restrictions of the document's collection, with the cache headers that go with them.
The files themselves live in the private storage (`cms.core.storage`), which has no public
address.

- A document of a restricted collection (members only, a password, a login): whatever the view
  answers — the file, a redirect to log in, the password form — is `private, no-store`, so no
  browser, proxy or shared cache keeps it for the next person.
- A redirect to a signed address in the private bucket is never stored either: the address
  stops working within minutes.
- A public document may be kept for a few minutes by any cache; a collection restricted later
  is then closed everywhere within that time."""

from django.urls import path
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.cache import never_cache
from wagtail.documents import get_document_model
from wagtail.documents.views import serve as wagtail_serve

from cms.core.ratelimit import rate_limited

PUBLIC_MAX_AGE = 300


def is_restricted(document_id):
    document = (
        get_document_model().objects.filter(pk=document_id).select_related("collection").first()
    )
    return document is not None and document.collection.get_view_restrictions().exists()


def serve(request, document_id, document_filename):
    response = wagtail_serve.serve(request, document_id, document_filename)
    if is_restricted(document_id) or response.has_header("Location"):
        add_never_cache_headers(response)
        patch_cache_control(response, private=True, no_store=True)
    elif response.status_code in (200, 304):
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    return response


# In place of wagtail.documents.urls, under the same names (Wagtail reverses them).
urlpatterns = [
    # Wagtail's own pattern (a number, then the file name, slashes and all), with names
    path("<int:document_id>/<path:document_filename>", serve, name="wagtaildocs_serve"),
    path(
        "authenticate_with_password/<int:restriction_id>/",
        # the password form of a restricted collection, which carries a CSRF token; guessing
        # the password is limited as logging in is
        never_cache(
            rate_limited("login", "document_password")(wagtail_serve.authenticate_with_password)
        ),
        name="wagtaildocs_authenticate_with_password",
    ),
]
