from django.urls import path

from gemeinwerk.groups.views import directory, invitations, manage

app_name = "groups"

urlpatterns = [
    path("", directory.group_list, name="list"),
    path("propose/", directory.propose, name="propose"),
    path("mine/", directory.mine, name="mine"),
    path("invitations/<int:pk>/accept/", invitations.accept, name="accept_invitation"),
    path("invitations/<int:pk>/decline/", invitations.decline, name="decline_invitation"),
    path("<slug:slug>/", directory.group_detail, name="detail"),
    path("<slug:slug>/request/", directory.join_request, name="join_request"),
    path("<slug:slug>/reminders/stop/", directory.stop_following, name="stop_following"),
    path("<slug:slug>/manage/", manage.dashboard, name="manage"),
    path("<slug:slug>/manage/edit/", manage.edit_group, name="edit"),
    path("<slug:slug>/manage/agreement/", manage.accept_agreement, name="accept_agreement"),
    path("<slug:slug>/manage/co-hosts/", manage.add_co_host, name="add_co_host"),
    path(
        "<slug:slug>/manage/co-hosts/<int:user_id>/remove/",
        manage.remove_co_host,
        name="remove_co_host",
    ),
    path(
        "<slug:slug>/manage/co-hosts/<int:user_id>/hand-over/", manage.hand_over, name="hand_over"
    ),
    path(
        "<slug:slug>/manage/invitations/<int:pk>/withdraw/",
        manage.withdraw_invitation,
        name="withdraw_invitation",
    ),
    path(
        "<slug:slug>/manage/reminders/<int:pk>/remove/",
        manage.remove_follower,
        name="remove_follower",
    ),
    path("<slug:slug>/meetings/new/", manage.schedule, name="schedule"),
    path("<slug:slug>/meetings/<int:pk>/", manage.meeting_detail, name="meeting"),
    path("<slug:slug>/meetings/<int:pk>/card/", manage.meeting_card, name="meeting_card"),
    path("<slug:slug>/meetings/<int:pk>/new-code/", manage.regenerate, name="regenerate"),
    path("<slug:slug>/meetings/<int:pk>/cancel/", manage.cancel, name="cancel"),
    path("<slug:slug>/meetings/<int:pk>/move/<int:occurrence_pk>/", manage.move, name="move"),
    path("<slug:slug>/meetings/<int:pk>/end/", manage.end_series, name="end_series"),
]
