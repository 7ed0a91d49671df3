from django.urls import path

from events import feeds, mypage, private_feeds, views

app_name = "events"

urlpatterns = [
    path(
        "registration/<uuid:reference>/<str:token>/",
        views.manage_registration,
        name="registration",
    ),
    path(
        "registration/<uuid:reference>/<str:token>/cancel/",
        views.cancel_registration,
        name="cancel",
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
    path(
        "my/<str:token>/registration/<uuid:reference>/cancel/",
        mypage.cancel,
        name="my_cancel",
    ),
    path(
        "my/<str:token>/registration/<uuid:reference>/accept/",
        mypage.accept,
        name="my_accept",
    ),
    path(
        "my/<str:token>/registration/<uuid:reference>/companions/",
        mypage.companions,
        name="my_companions",
    ),
    path(
        "my/<str:token>/registration/<uuid:reference>/event.ics",
        mypage.calendar,
        name="my_calendar_file",
    ),
    path("calendar/<str:token>.ics", private_feeds.registrant_calendar, name="my_calendar"),
    path(
        "organisations/<int:organisation_id>/calendar.ics",
        feeds.organisation_calendar,
        name="organisation_calendar",
    ),
]
