from django.urls import path

from cms.search.views import search_view

app_name = "site_search"
urlpatterns = [path("", search_view, name="search")]
