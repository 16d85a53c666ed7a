"""The member's own pages, under /me/."""

from django.urls import path

from gemeinwerk.accounts.views import me, profile

app_name = "me"

urlpatterns = [
    path("", me.overview, name="overview"),
    path("profile/", profile.edit, name="profile"),
    path("verification/", me.verification, name="verification"),
    path("verification/withdraw/", me.verification_withdraw, name="verification_withdraw"),
    path("assistance/withdraw/", me.consent_withdraw, name="consent_withdraw"),
    path("sessions/", me.session_list, name="sessions"),
    path("sessions/end/", me.session_end, name="session_end"),
    path("sessions/end-others/", me.sessions_end_others, name="sessions_end_others"),
    path("sessions/extend/", me.session_extend, name="session_extend"),
    path("data/", me.export, name="export"),
    path("delete/", me.delete, name="delete"),
]
