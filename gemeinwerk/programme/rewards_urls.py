from django.urls import path

from gemeinwerk.programme import rewards_views

app_name = "rewards"

# The programme office's pages of the reward basket, under /staff/programme/rewards/.
urlpatterns = [
    path("", rewards_views.reservations, name="reservations"),
    path("reservations/<int:pk>/", rewards_views.reservation, name="reservation"),
    path("reservations/<int:pk>/arrange/", rewards_views.arrange, name="arrange"),
    path("reservations/<int:pk>/deliver/", rewards_views.deliver, name="deliver"),
    path("reservations/<int:pk>/cancel/", rewards_views.cancel, name="cancel"),
    path("catalogue/", rewards_views.catalogue, name="catalogue"),
    path("catalogue/new/", rewards_views.reward, name="new"),
    path("catalogue/<int:pk>/", rewards_views.reward, name="reward"),
]
