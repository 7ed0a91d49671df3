from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path(
        "registration/<uuid:reference>/<str:token>/",
        views.manage_registration,
        name="registration",
    ),
    path(
        "feedback/<uuid:reference>/<str:token>/",
        views.feedback,
        name="feedback",
    ),
]
