from django.urls import path

from gemeinwerk.help import views

app_name = "help"

urlpatterns = [
    path("", views.index, name="index"),
    path("search/", views.search, name="search"),
    path("meeting-room/", views.room, name="room"),
    path("topics/<slug:area>/", views.area, name="area"),
    path("<slug:slug>/", views.article, name="article"),
]
