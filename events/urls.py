from django.urls import path

from events import feeds, views

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
    path(
        "registration/<uuid:reference>/<str:token>/calendar-link/",
        views.calendar_link,
        name="calendar_link",
    ),
    path("calendar/<str:token>.ics", feeds.registrant_calendar, name="my_calendar"),
    path(
        "organisations/<int:organisation_id>/calendar.ics",
        feeds.organisation_calendar,
        name="organisation_calendar",
    ),
]
