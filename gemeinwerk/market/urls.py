from django.urls import path

from gemeinwerk.market import views

app_name = "market"

urlpatterns = [
    path("", views.browse, name="browse"),
    path("new/", views.create, name="create"),
    path("mine/", views.mine, name="mine"),
    path("interests/", views.interests, name="interests"),
    path("interests/<int:pk>/remove/", views.unfollow, name="unfollow"),
    path("calls/<int:pk>/", views.call, name="call"),
    path("<int:pk>/", views.listing, name="listing"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/status/", views.status, name="status"),
    path("<int:pk>/respond/", views.respond, name="respond"),
    path("responses/<int:pk>/", views.response_action, name="response"),
    path("responses/<int:pk>/visit/", views.plan_visit, name="plan_visit"),
    path("visits/<int:pk>/", views.visit, name="visit"),
]
