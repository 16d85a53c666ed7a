from django.urls import path

from gemeinwerk.programme import registration_views

app_name = "registrations"

urlpatterns = [
    path("", registration_views.waiting, name="waiting"),
    path("<int:pk>/approve/", registration_views.approve, name="approve"),
    path("<int:pk>/reject/", registration_views.reject, name="reject"),
]
