"""The help centre in the staff console, under /staff/help/ (namespace staff:help)."""

from django.urls import path

from gemeinwerk.help import office_views

app_name = "help"

urlpatterns = [
    path("", office_views.articles, name="articles"),
    path("new/", office_views.create, name="create"),
    path("<int:pk>/", office_views.edit, name="edit"),
    path("<int:pk>/delete/", office_views.delete, name="delete"),
]
