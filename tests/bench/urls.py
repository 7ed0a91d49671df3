"""The site's URLs plus the floor: the smallest Django view, behind the same gunicorn and
middleware, that every page's figures are compared with. Mounted only by the bench settings."""

from django.http import HttpResponse
from django.urls import path

from cms.urls import urlpatterns as site_urlpatterns


def floor(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/floor/", floor), *site_urlpatterns]
