"""A member's notifications and their settings, and the unsubscribe links of e-mails."""

from django.urls import path

from gemeinwerk.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/", views.open_notification, name="open"),
    path("settings/", views.notification_settings, name="settings"),
    path("unsubscribe/<str:key>/<str:kind>/", views.unsubscribe, name="unsubscribe"),
]
