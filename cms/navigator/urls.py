from django.urls import path

from cms.navigator import views

app_name = "navigator"
urlpatterns = [
    path("", views.navigator, name="navigator"),
    path("young/", views.young, name="young"),
    path("windows/", views.windows, name="windows"),
    path("windows/<int:pk>/", views.window, name="window"),
    path("handbook.pdf", views.handbook, name="handbook"),
]
