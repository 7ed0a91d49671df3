from django.urls import path

from cms.news import views

urlpatterns = [
    path("", views.subscribe, name="newsletter_subscribe"),
    path("sent/", views.sent, name="newsletter_sent"),
    path("confirm/<str:token>/", views.confirm, name="newsletter_confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="newsletter_unsubscribe"),
]
