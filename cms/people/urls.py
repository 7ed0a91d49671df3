from django.urls import path

from cms.people import views

app_name = "people"

urlpatterns = [
    path("certificates/verify/", views.verify_certificate_view, name="verify_certificate"),
    path("certificates/contact/", views.request_contact_link_view, name="request_contact_link"),
    path(
        "certificates/contact/<str:token>/",
        views.volunteer_contact_view,
        name="volunteer_contact",
    ),
    path("my-data/erase/<str:token>/", views.erase_my_data_view, name="erase_my_data"),
    path("my-data/erased/", views.erased_view, name="erased"),
    path("my/", views.my_page_request_view, name="my_page_request"),
    path("my/<str:token>/", views.my_page_view, name="my_page"),
]
