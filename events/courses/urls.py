from django.urls import path

from events.courses import mypage, views

app_name = "courses"

urlpatterns = [
    path("", views.course_list, name="list"),
    path("supporters/", views.supporters, name="supporters"),
    path("calendar-link/", views.calendar_link, name="calendar_link"),
    path("calendar/<str:token>.ics", views.calendar, name="calendar"),
    path("<int:course_id>/", views.course_detail, name="detail"),
    path("<int:course_id>/sessions/<int:session_id>/", views.roster, name="roster"),
    path(
        "my/<str:token>/certificates/<int:completion_id>.pdf",
        mypage.certificate,
        name="my_certificate",
    ),
    path(
        "<int:course_id>/certificates/<int:completion_id>.pdf",
        views.certificate,
        name="certificate",
    ),
]
