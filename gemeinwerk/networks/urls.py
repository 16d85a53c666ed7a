"""The networks' pages under /networks/ (namespace "networks")."""

from django.urls import path

from gemeinwerk.networks.views import activities, appointments, members, public

app_name = "networks"

# "appointments" and "mine" come before "<slug>/": a network cannot take these names
# (models.RESERVED_SLUGS).
urlpatterns = [
    path("", public.network_list, name="list"),
    path("mine/", members.mine, name="mine"),
    path("appointments/", appointments.appointments, name="appointments"),
    path("appointments/<int:pk>/book/", appointments.book, name="book"),
    path("appointments/<int:pk>/cancel/", appointments.cancel, name="cancel_appointment"),
    path(
        "appointments/<int:pk>/calendar.ics",
        appointments.appointment_calendar,
        name="appointment_calendar",
    ),
    path("<slug:slug>/", public.network_detail, name="detail"),
    path("<slug:slug>/calendar.ics", public.network_feed, name="feed"),
    path("<slug:slug>/invitation/", members.answer_invitation, name="answer_invitation"),
    path("<slug:slug>/step-down/", members.step_down, name="step_down"),
    path("<slug:slug>/propose/", members.propose, name="propose"),
    path("<slug:slug>/activities/new/", activities.activity_create, name="activity_create"),
    path("<slug:slug>/activities/<int:pk>/", public.activity_detail, name="activity"),
    path(
        "<slug:slug>/activities/<int:pk>/calendar.ics",
        public.activity_calendar,
        name="activity_calendar",
    ),
    path("<slug:slug>/activities/<int:pk>/edit/", activities.activity_edit, name="activity_edit"),
    path(
        "<slug:slug>/activities/<int:pk>/cancel/",
        activities.activity_cancel,
        name="activity_cancel",
    ),
    path("<slug:slug>/activities/<int:pk>/register/", activities.register, name="register"),
    path("<slug:slug>/activities/<int:pk>/unregister/", activities.unregister, name="unregister"),
    path(
        "<slug:slug>/activities/<int:pk>/people/",
        activities.participants,
        name="participants",
    ),
    path(
        "<slug:slug>/activities/<int:pk>/people/<int:rid>/cancel/",
        activities.participant_cancel,
        name="participant_cancel",
    ),
]
