from django.urls import path

from gemeinwerk.programme import views

app_name = "programme"

# Public pages of the programme (registration, activation, the facility's own pages).
urlpatterns = [
    path("", views.about, name="about"),
    path("register/", views.register, name="register"),
    path("register/sent/", views.registered, name="registered"),
    path("activate/<str:token>/", views.activate, name="activate"),
    path("mine/", views.mine, name="mine"),
]
