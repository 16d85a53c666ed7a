from django.urls import path

from gemeinwerk.chat import office_views

app_name = "chat"

urlpatterns = [
    path("reports/", office_views.reports, name="reports"),
    path("reports/<int:pk>/", office_views.report_detail, name="report"),
]
