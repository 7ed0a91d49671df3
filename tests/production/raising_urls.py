"""The site's URLs and one view that fails, for the request log's 500 test."""

from django.urls import path

from cms.urls import urlpatterns as site_urlpatterns


def fail(request, token):
    raise RuntimeError("a view that fails")


urlpatterns = [path("fails/<str:token>/", fail, name="fails"), *site_urlpatterns]
