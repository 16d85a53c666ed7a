"""Members' profiles as others see them, under /members/."""

from django.urls import path

from gemeinwerk.accounts.views import profile

app_name = "members"

urlpatterns = [
    path("<uuid:public_id>/", profile.detail, name="detail"),
    path("<uuid:public_id>/picture/", profile.picture, name="picture"),
]
