from django.urls import path

from gemeinwerk.programme import overview_views

app_name = "overview"

# The programme office's overview, under /staff/programme/overview/.
urlpatterns = [
    path("", overview_views.dashboard, name="dashboard"),
    path("facilities/", overview_views.facilities, name="facilities"),
    path("cycle/", overview_views.cycle, name="cycle"),
    path("facilities.csv", overview_views.facilities_csv, name="facilities_csv"),
    path("registrations.csv", overview_views.registrations_csv, name="registrations_csv"),
    path("evaluations.csv", overview_views.evaluations_csv, name="evaluations_csv"),
    path("reservations.csv", overview_views.reservations_csv, name="reservations_csv"),
]
