from django.urls import path

from volunteers import feeds, mypage, views

app_name = "volunteers"

urlpatterns = [
    path("", views.shift_list, name="shifts"),
    path("join/", views.join, name="join"),
    path("join/thanks/", views.joined, name="joined"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("link/", views.request_link, name="request_link"),
    path("me/<str:token>/", views.my_page, name="my_page"),
    path("me/<str:token>/shifts/", views.my_shifts, name="my_shifts"),
    path("me/<str:token>/hours.pdf", views.hours_certificate, name="hours_certificate"),
    path("me/<str:token>/shifts/<int:shift>/sign-up/", views.sign_up, name="sign_up"),
    path("me/<str:token>/sign-ups/<int:signup>/cancel/", views.cancel, name="cancel"),
    path("me/<str:token>/sign-ups/<int:signup>/swap/", views.swap, name="swap"),
    path("me/<str:token>/remember/", views.remember, name="remember"),
    path("me/<str:token>/new-link/", views.new_link, name="new_link"),
    path("me/<str:token>/calendar-link/", views.calendar_link, name="calendar_link"),
    path("me/<str:token>/erase-my-data/", views.erase_my_data, name="erase_my_data"),
    path("my/<str:token>/open/", mypage.open_volunteer_page, name="my_open"),
    path("calendar/<str:token>/shifts.ics", feeds.my_calendar, name="calendar"),
    path("shifts.ics", feeds.shifts_calendar, name="shifts_calendar"),
    # The page a kiosk QR code opens, per opportunity (?date= for one day).
    path("at/<int:opportunity>/", views.kiosk, name="kiosk"),
    path(
        "at/<int:opportunity>/shifts/<int:shift>/sign-up/",
        views.kiosk_sign_up,
        name="kiosk_sign_up",
    ),
    path("at/<int:opportunity>/link/", views.kiosk_link, name="kiosk_link"),
    path("at/<int:opportunity>/forget/", views.kiosk_forget, name="kiosk_forget"),
]
