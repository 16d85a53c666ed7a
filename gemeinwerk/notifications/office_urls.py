"""The notifications part of the staff console (namespace staff:notifications)."""

from django.urls import path

from gemeinwerk.notifications import office_views

app_name = "notifications"

urlpatterns = [
    path("<int:pk>/passed-on/", office_views.passed_on, name="passed_on"),
]
