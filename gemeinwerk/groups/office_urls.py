"""The groups part of the staff console, under /staff/groups/ (namespace staff:groups)."""

from django.urls import path

from gemeinwerk.groups.views import office

app_name = "groups"

urlpatterns = [
    path("", office.overview, name="overview"),
    path("<slug:slug>/review/", office.review, name="review"),
    path("<slug:slug>/move/", office.review_move, name="review_move"),
    path("<slug:slug>/host/", office.assign_host, name="assign_host"),
    path("requests/<int:pk>/forward/", office.forward, name="forward"),
    path("requests/<int:pk>/close/", office.close, name="close"),
    path("training/<uuid:public_id>/", office.training, name="training"),
]
