from django.urls import path

from gemeinwerk.moderation import views

app_name = "moderation"

urlpatterns = [
    path("thanks/", views.thanks, name="thanks"),
    # The kind's key has a dot in it ("market.listing"): a str converter takes it.
    path("<str:kind>/<int:pk>/", views.report, name="report"),
]
