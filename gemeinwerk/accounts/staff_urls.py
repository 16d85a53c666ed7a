"""Accounts' pages in the staff console, under /staff/. Registered with the console
(accounts/console.py), whose URLconf gives them the "staff" namespace: no app_name here."""

from django.urls import path

from gemeinwerk.accounts.views import staff

urlpatterns = [
    path("", staff.queue, name="queue"),
    path("members/", staff.search, name="search"),
    path("members/<uuid:public_id>/", staff.member_detail, name="member"),
    path("members/<uuid:public_id>/verify/", staff.verify, name="verify"),
    path("members/<uuid:public_id>/suspend/", staff.suspend, name="suspend"),
    path("members/<uuid:public_id>/restore/", staff.restore, name="restore"),
    path("members/<uuid:public_id>/act/", staff.act_start, name="act_start"),
    path("members/<uuid:public_id>/takeover-code/", staff.takeover_code, name="takeover_code"),
    path(
        "members/<uuid:public_id>/takeover-confirm/",
        staff.takeover_confirm,
        name="takeover_confirm",
    ),
    path("members/<uuid:public_id>/delete/", staff.assisted_delete, name="assisted_delete"),
    path("requests/<int:pk>/close/", staff.close_request, name="close_request"),
    path("assisted/new/", staff.assisted_create, name="assisted_create"),
    path("act/stop/", staff.act_stop, name="act_stop"),
    path("roles/", staff.role_list, name="roles"),
    path("roles/<int:pk>/revoke/", staff.role_revoke, name="role_revoke"),
    path("audit/", staff.audit_trail, name="audit"),
]
