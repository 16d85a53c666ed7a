from django.urls import include, path

from gemeinwerk.programme import evaluation_views, profile_views, rewards_views, views

app_name = "programme"

# Public pages of the programme (registration, activation, the facility's own pages).
urlpatterns = [
    path("", views.about, name="about"),
    path("register/", views.register, name="register"),
    path("register/sent/", views.registered, name="registered"),
    path("activate/<str:token>/", views.activate, name="activate"),
    path("mine/", views.mine, name="mine"),
    path("mine/profile/", profile_views.profile, name="profile"),
    path("mine/profile/logo/", profile_views.logo, name="profile_logo"),
    path("mine/evaluation/", evaluation_views.evaluation, name="evaluation"),
    path(
        "mine/evaluation/questions/<int:pk>/",
        evaluation_views.answer,
        name="evaluation_answer",
    ),
    path("mine/rewards/", rewards_views.basket, name="rewards"),
    path("mine/rewards/<int:pk>/reserve/", rewards_views.reserve, name="reward_reserve"),
    path(
        "mine/rewards/reservations/<int:pk>/cancel/",
        rewards_views.cancel_own,
        name="reservation_cancel",
    ),
    # The exchange point (exchange_urls.py, names "programme:exchange...").
    path("exchange/", include("gemeinwerk.programme.exchange_urls")),
]
