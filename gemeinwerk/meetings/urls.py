"""Joining a meeting, at the short address people are told: /join/."""

from django.urls import path

from gemeinwerk.meetings.views import join, room

app_name = "join"

urlpatterns = [
    path("", join.join, name="form"),
    path("rules/", join.rules, name="rules"),
    path("ready/", room.check, name="ready"),
    path("ready/remind-me/", join.follow, name="follow"),
    path("room/", room.room, name="room"),
    path("room/token/", room.room_token, name="room_token"),
    path("leave/", join.leave, name="leave"),
    path("host/<slug:slug>/<int:pk>/", join.host_entry, name="host"),
]
