"""Self-help groups: the directory, proposals, invitations, managing a group and its
meetings, and the contact point's console pages for groups ("staff:groups:...")."""

from typing import Any

import pytest

from tests.matrix.cases import Case, Matrix, check, console, hosting, params, same, signed_in
from tests.matrix.world import ALL, ROLES, World

GUEST = {"name": "Gast", "contact": "gast@example.org", "message": "Hallo"}


def group_data(world: World) -> dict[str, Any]:
    return {
        "name": "Treffpunkt Angehörige",
        "topic": "relatives",
        "description": "Neu beschrieben",
        "languages": ["de"],
        "format": "online",
        "rhythm": "jeden Dienstag",
        "contact_point": world.home.pk,
    }


def proposal_data(world: World) -> dict[str, Any]:
    return group_data(world) | {"name": "Gesprächskreis Trauer", "topic": "grief"}


def move_path(world: World) -> str:
    occurrence = world.meeting.occurrences.order_by("starts_at").last()
    assert occurrence is not None
    return f"/groups/{world.group.slug}/meetings/{world.meeting.pk}/move/{occurrence.pk}/"


MATRIX: Matrix = {
    "groups:list": [
        Case("/groups/", expected=same(200)),
        Case("/groups/?q=Treff", expected=same(200)),
    ],
    "groups:propose": [
        # Verified members propose groups; others read why they cannot yet.
        Case(
            "/groups/propose/",
            expected=signed_in(200) | {"unverified": 403, "suspended_staff": 403},
        ),
        Case(
            "/groups/propose/",
            "post",
            proposal_data,
            expected=signed_in(302) | {"unverified": 403, "suspended_staff": 403},
        ),
        # Without a name: the form comes back, nothing is proposed.
        Case(
            "/groups/propose/",
            "post",
            lambda w: proposal_data(w) | {"name": ""},
            expected=signed_in(200) | {"unverified": 403, "suspended_staff": 403},
            unchanged=ALL,
        ),
    ],
    "groups:mine": [Case("/groups/mine/", expected=signed_in(200))],
    "groups:accept_invitation": [
        # Only the invited person answers; for everyone else the invitation does not
        # exist.
        Case(
            lambda w: f"/groups/invitations/{w.invitation.pk}/accept/",
            "post",
            expected=signed_in(404) | {"verified": 302},
        ),
        Case(
            lambda w: f"/groups/invitations/{w.invitation.pk}/accept/",
            expected=signed_in(405),
        ),
    ],
    "groups:decline_invitation": [
        Case(
            lambda w: f"/groups/invitations/{w.invitation.pk}/decline/",
            "post",
            expected=signed_in(404) | {"verified": 302},
        ),
        Case(
            lambda w: f"/groups/invitations/{w.invitation.pk}/decline/",
            expected=signed_in(405),
        ),
    ],
    "groups:detail": [
        Case(lambda w: f"/groups/{w.group.slug}/", expected=same(200)),
        # A proposal is not public before the contact point lists it.
        Case(lambda w: f"/groups/{w.proposal.slug}/", expected=same(404)),
    ],
    "groups:join_request": [
        Case(lambda w: f"/groups/{w.group.slug}/request/", expected=same(200)),
        Case(lambda w: f"/groups/{w.proposal.slug}/request/", expected=same(404)),
        Case(lambda w: f"/groups/{w.group.slug}/request/", "post", GUEST, expected=same(200)),
        # A filled honeypot gets the same "sent" page, and nothing is kept or queued.
        Case(
            lambda w: f"/groups/{w.group.slug}/request/",
            "post",
            {**GUEST, "website": "https://spam.example"},
            expected=same(200),
            unchanged=ALL,
        ),
        Case(
            lambda w: f"/groups/{w.group.slug}/request/",
            "post",
            {**GUEST, "name": ""},
            expected=same(200),
            unchanged=ALL,
        ),
        Case(lambda w: f"/groups/{w.proposal.slug}/request/", "post", GUEST, expected=same(404)),
    ],
    "groups:manage": [Case(lambda w: f"/groups/{w.group.slug}/manage/", expected=hosting(200))],
    "groups:edit": [
        Case(lambda w: f"/groups/{w.group.slug}/manage/edit/", expected=hosting(200)),
        Case(
            lambda w: f"/groups/{w.group.slug}/manage/edit/",
            "post",
            group_data,
            expected=hosting(302),
        ),
    ],
    "groups:accept_agreement": [
        Case(
            lambda w: f"/groups/{w.group.slug}/manage/agreement/",
            "post",
            {"accept": "on"},
            expected=hosting(302),
        )
    ],
    "groups:schedule": [
        # Only trained hosts who accepted the agreement; the others who manage the group
        # are sent to the dashboard.
        Case(
            lambda w: f"/groups/{w.group.slug}/meetings/new/",
            expected=hosting(302) | {"host": 200},
        )
    ],
    "groups:meeting": [
        Case(lambda w: f"/groups/{w.group.slug}/meetings/{w.meeting.pk}/", expected=hosting(200))
    ],
    "groups:meeting_card": [
        Case(
            lambda w: f"/groups/{w.group.slug}/meetings/{w.meeting.pk}/card/",
            expected=hosting(200),
        )
    ],
    # Codes, dates and the series belong to the hosts; the office supports, it does not
    # run the meetings, and admins do not change room codes either.
    "groups:regenerate": [
        Case(
            lambda w: f"/groups/{w.group.slug}/meetings/{w.meeting.pk}/new-code/",
            "post",
            expected=hosting(302) | {"staff": 403, "admin": 403},
        )
    ],
    "groups:cancel": [
        Case(
            lambda w: f"/groups/{w.group.slug}/meetings/{w.meeting.pk}/cancel/",
            "post",
            lambda w: {"occurrence": w.meeting.occurrences.values_list("pk", flat=True)[0]},
            expected=hosting(302) | {"staff": 403},
        )
    ],
    # The group's own hosts move a date (admins stop meetings, they do not run them).
    "groups:move": [
        Case(lambda w: move_path(w), expected=hosting(200) | {"staff": 403, "admin": 403}),
        Case(
            lambda w: move_path(w),
            "post",
            lambda w: {"day": w.meeting.first_date.isoformat(), "start_time": "07:15"},
            expected=hosting(302) | {"staff": 403, "admin": 403},
        ),
        # A date in the past: the form comes back and nothing moves.
        Case(
            lambda w: move_path(w),
            "post",
            {"day": "2000-01-01", "start_time": "18:00"},
            expected=hosting(200) | {"staff": 403, "admin": 403},
            unchanged=ALL,
        ),
        Case(
            lambda w: f"/groups/{w.group.slug}/meetings/{w.meeting.pk}/move/999999/",
            expected=hosting(404) | {"staff": 403, "admin": 403},
        ),
    ],
    "groups:end_series": [
        Case(
            lambda w: f"/groups/{w.group.slug}/meetings/{w.meeting.pk}/end/",
            "post",
            expected=hosting(302) | {"staff": 403},
        )
    ],
    # Only the main host invites and removes co-hosts and offers the host role; an
    # invitation grants nothing until it is accepted.
    "groups:add_co_host": [
        Case(
            lambda w: f"/groups/{w.group.slug}/manage/co-hosts/",
            "post",
            {"username": "other_member"},
            expected=hosting(403) | {"host": 302},
        ),
        # Nobody adds themselves.
        Case(
            lambda w: f"/groups/{w.group.slug}/manage/co-hosts/",
            "post",
            {"username": "staff"},
            expected=hosting(403) | {"host": 302},
        ),
    ],
    "groups:remove_co_host": [
        Case(
            lambda w: f"/groups/{w.group.slug}/manage/co-hosts/{w.co_host.pk}/remove/",
            "post",
            expected=hosting(403) | {"host": 302},
        )
    ],
    # Only the group's own hosts take someone off its reminder list; not its office.
    "groups:remove_follower": [
        Case(
            lambda w: f"/groups/{w.group.slug}/manage/reminders/{w.follower.pk}/remove/",
            "post",
            expected=hosting(403) | {"host": 302, "co_host": 302, "staff": 403, "admin": 403},
        ),
        Case(
            lambda w: f"/groups/{w.other_group.slug}/manage/reminders/{w.follower.pk}/remove/",
            "post",
            expected=hosting(403) | {"host_other": 404},
        ),
        Case(
            lambda w: f"/groups/{w.group.slug}/manage/reminders/{w.follower.pk}/remove/",
            expected=hosting(403) | {"host": 405, "co_host": 405, "staff": 405, "admin": 405},
        ),
    ],
    # Everyone signed in stops their own reminders (for the others there is nothing to
    # stop); an unknown group is not found.
    "groups:stop_following": [
        Case(
            lambda w: f"/groups/{w.group.slug}/reminders/stop/",
            "post",
            expected=signed_in(302),
            unchanged=tuple(r for r in ROLES if r != "other_member"),
        ),
        Case("/groups/no-such-group/reminders/stop/", "post", expected=signed_in(404)),
        Case(lambda w: f"/groups/{w.group.slug}/reminders/stop/", expected=signed_in(405)),
    ],
    "groups:hand_over": [
        Case(
            lambda w: f"/groups/{w.group.slug}/manage/co-hosts/{w.co_host.pk}/hand-over/",
            "post",
            expected=hosting(403) | {"host": 302},
        )
    ],
    "groups:withdraw_invitation": [
        Case(
            lambda w: f"/groups/{w.group.slug}/manage/invitations/{w.invitation.pk}/withdraw/",
            "post",
            expected=hosting(403) | {"host": 302},
        )
    ],
    "staff:groups:overview": [Case("/staff/groups/", expected=console(200))],
    "staff:groups:review": [
        Case(
            lambda w: f"/staff/groups/{w.proposal.slug}/review/",
            "post",
            {"decision": "approve"},
            expected=console(403, staff=302, admin=302),
        ),
        # Nobody approves their own proposal.
        Case(
            lambda w: f"/staff/groups/{w.own_proposal.slug}/review/",
            "post",
            {"decision": "approve"},
            expected=console(403, admin=302),
        ),
    ],
    # A listed group that asks to move: the office it asks for decides (and admins).
    "staff:groups:review_move": [
        Case(
            lambda w: f"/staff/groups/{w.moving.slug}/move/",
            "post",
            {"decision": "approve"},
            expected=console(403, staff_other=302, admin=302),
        ),
        Case(
            lambda w: f"/staff/groups/{w.moving.slug}/move/",
            "post",
            {"decision": "decline"},
            expected=console(403, staff_other=302, admin=302),
        ),
    ],
    # The office offers a group's host role to a verified member (who has to accept),
    # never to the staff member themselves.
    "staff:groups:assign_host": [
        Case(
            lambda w: f"/staff/groups/{w.group.slug}/host/",
            "post",
            {"username": "other_member"},
            expected=console(403, staff=302, admin=302),
        ),
        Case(
            lambda w: f"/staff/groups/{w.group.slug}/host/",
            "post",
            {"username": "staff"},
            expected=console(403, staff=302, admin=302),
            unchanged=("staff",),
        ),
    ],
    "staff:groups:forward": [
        Case(
            lambda w: f"/staff/groups/requests/{w.join_request.pk}/forward/",
            "post",
            expected=console(403, staff=302, admin=302),
        )
    ],
    "staff:groups:close": [
        Case(
            lambda w: f"/staff/groups/requests/{w.join_request.pk}/close/",
            "post",
            expected=console(403, staff=302, admin=302),
        )
    ],
    "staff:groups:training": [
        Case(
            lambda w: f"/staff/groups/training/{w.newcomer.public_id}/",
            "post",
            {"trained_on": "2026-01-15"},
            expected=console(302, coordinator=403),
        ),
        # Nobody records their own training: back to the page with a word, nothing kept.
        Case(
            lambda w: f"/staff/groups/training/{w.users['staff'].public_id}/",
            "post",
            {"trained_on": "2026-01-15"},
            expected=console(302, coordinator=403),
            unchanged=("staff",),
        ),
    ],
}


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "name", "index"), params(MATRIX))
def test_route_answers_each_role_as_expected(world: World, role: str, name: str, index: int):
    check(world, role, MATRIX[name][index])
