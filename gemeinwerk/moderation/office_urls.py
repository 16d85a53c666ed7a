from django.urls import path

from gemeinwerk.moderation import office_views

app_name = "moderation"

urlpatterns = [
    path("", office_views.queue, name="queue"),
    path("<int:pk>/", office_views.report_detail, name="report"),
]
