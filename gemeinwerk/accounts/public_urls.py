"""Account pages for people who are not signed in, beside allauth's under /accounts/."""

from django.urls import path

from gemeinwerk.accounts.views import takeover

app_name = "accounts"

urlpatterns = [
    path("takeover/", takeover.takeover, name="takeover"),
]
