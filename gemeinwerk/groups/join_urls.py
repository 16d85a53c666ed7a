"""Joining a meeting, at the short address people are told: /join/."""

from django.urls import path

from gemeinwerk.groups.views import join

app_name = "join"

urlpatterns = [
    path("", join.join, name="form"),
    path("rules/", join.rules, name="rules"),
    path("ready/", join.ready, name="ready"),
    path("leave/", join.leave, name="leave"),
]
