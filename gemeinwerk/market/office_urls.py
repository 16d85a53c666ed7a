from django.urls import path

from gemeinwerk.market import office_views

app_name = "market"

urlpatterns = [
    path("calls/", office_views.call_list, name="calls"),
    path("calls/new/", office_views.call_new, name="call_new"),
    path("calls/report/", office_views.call_report, name="call_report"),
    path("calls/<int:pk>/", office_views.call_detail, name="call"),
    path("incidents/", office_views.incidents, name="incidents"),
    path("incidents/<int:pk>/", office_views.incident, name="incident"),
]
