from django.urls import path

from cms.people import views

app_name = "people"

urlpatterns = [
    path("certificates/verify/", views.verify_certificate_view, name="verify_certificate"),
]
