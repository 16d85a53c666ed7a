from django.urls import path

from gemeinwerk.places import views

app_name = "places"

# "districts" is a reserved contact point slug (models.RESERVED_SLUGS), so the
# district pages and "<slug>/" never collide.
urlpatterns = [
    path("", views.contact_point_list, name="list"),
    path("districts/", views.district_list, name="districts"),
    path("districts/<slug:slug>/", views.district_detail, name="district"),
    path("<slug:slug>/", views.contact_point_detail, name="detail"),
]
