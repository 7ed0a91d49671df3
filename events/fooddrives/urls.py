from django.urls import path

from events.fooddrives import views

app_name = "fooddrives"

urlpatterns = [
    path("pledge/<uuid:reference>/<str:token>/", views.manage_pledge, name="pledge"),
]
