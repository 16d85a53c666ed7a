from django.urls import path

from gemeinwerk.chat import views

app_name = "chat"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("new/", views.start, name="start"),
    path("blocked/", views.blocked, name="blocked"),
    path("block/<uuid:public_id>/", views.block, name="block"),
    path("unblock/<uuid:public_id>/", views.unblock, name="unblock"),
    path("<int:pk>/", views.conversation, name="conversation"),
    path("<int:pk>/read/", views.read, name="read"),
    path("<int:pk>/mute/", views.mute, name="mute"),
    path("<int:pk>/leave/", views.leave, name="leave"),
    path("<int:pk>/messages/<int:message_pk>/report/", views.report, name="report"),
]
