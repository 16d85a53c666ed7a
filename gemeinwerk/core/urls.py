from django.urls import path

from gemeinwerk.core import pwa, views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("privacy/", views.privacy, name="privacy"),
    path("house-rules/", views.house_rules, name="house_rules"),
    path("text-size/", views.text_size, name="text_size"),
    path("plain-language/", views.plain_language, name="plain_language"),
    path("offline/", pwa.offline, name="offline"),
]
