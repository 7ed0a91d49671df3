"""The site's URLs plus the floor: the smallest Django view, behind the same gunicorn and
middleware, that every page's figures are compared with. Mounted only by the bench settings."""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.cache import never_cache

from cms.urls import urlpatterns as site_urlpatterns


# Rendered every time, with or without the page cache: it is what cached pages are compared with.
@never_cache
def floor(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/floor/", floor), *site_urlpatterns]
