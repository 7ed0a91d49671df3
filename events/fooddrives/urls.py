from django.urls import path

from events.fooddrives import mypage, views

app_name = "fooddrives"

urlpatterns = [
    path("pledge/<uuid:reference>/<str:token>/", views.manage_pledge, name="pledge"),
    path(
        "pledge/<uuid:reference>/<str:token>/receipt/",
        views.manage_pledge_receipt,
        name="pledge_receipt",
    ),
    path("my/<str:token>/pledge/<uuid:reference>/cancel/", mypage.cancel, name="my_cancel"),
    path("my/<str:token>/pledge/<uuid:reference>/receipt/", mypage.receipt, name="my_receipt"),
]
