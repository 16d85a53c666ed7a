"""The networks in the staff console, under /staff/networks/ (namespace staff:networks)."""

from django.urls import path

from gemeinwerk.networks.views import office, office_appointments, office_care

app_name = "networks"

urlpatterns = [
    path("", office.network_list, name="list"),
    path("new/", office.network_create, name="create"),
    path("<int:pk>/", office.network_detail, name="detail"),
    path("<int:pk>/edit/", office.network_edit, name="edit"),
    path("<int:pk>/facilitators/", office.name_facilitator, name="name_facilitator"),
    path("<int:pk>/networkers/", office.invite_networker, name="invite_networker"),
    path("<int:pk>/roles/<int:role_pk>/remove/", office.remove_role, name="remove_role"),
    path(
        "<int:pk>/initiatives/<int:initiative_pk>/",
        office.decide_initiative,
        name="decide_initiative",
    ),
    path("appointments/", office_appointments.day, name="day"),
    path("appointments/times/", office_appointments.slots, name="slots"),
    path(
        "appointments/times/<int:pk>/remove/", office_appointments.slot_remove, name="slot_remove"
    ),
    path("appointments/times/<int:pk>/book/", office_appointments.staff_book, name="staff_book"),
    path("appointments/<int:pk>/cancel/", office_appointments.staff_cancel, name="staff_cancel"),
    path("appointments/<int:pk>/outcome/", office_appointments.outcome, name="outcome"),
    path("members/<uuid:public_id>/contacts/", office_care.log_contact, name="log_contact"),
    path("follow-ups/", office_care.follow_ups, name="follow_ups"),
    path("follow-ups/<int:pk>/done/", office_care.follow_up_done, name="follow_up_done"),
    path("newcomers/", office_care.newcomers, name="newcomers"),
    path("newcomers/<uuid:public_id>/welcome/", office_care.welcome, name="welcome"),
]
