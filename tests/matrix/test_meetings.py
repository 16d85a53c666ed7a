"""Joining a meeting (the "join" namespace): the code form, the rules, the room, and the
hosts' way into the room without the code."""

import pytest

from tests.matrix.cases import Case, Matrix, check, hosting, params, same, signed_in
from tests.matrix.world import ALL, World

MATRIX: Matrix = {
    "join:form": [
        Case("/join/", expected=same(200)),
        Case("/join/", "post", {"code": "AAA-AAA-AAA", "nickname": "Rosi"}, expected=same(200)),
    ],
    "join:rules": [Case("/join/rules/", expected=same(302))],
    # Without a join cookie (roles do not matter here) back to the code form; the
    # meetings tests check these pages with a cookie.
    "join:ready": [Case("/join/ready/", expected=same(302))],
    "join:room": [Case("/join/room/", expected=same(302))],
    # A room token only for a seat in an open meeting (test_websocket_matrix.py and the
    # meetings tests): nobody here has one.
    "join:room_token": [
        Case("/join/room/token/", "post", expected=same(403)),
        Case("/join/room/token/", expected=same(405)),
    ],
    # Reminders only with a ticket into the room: nobody here has one.
    "join:follow": [
        Case("/join/ready/remind-me/", "post", expected=same(302), unchanged=ALL),
        Case("/join/ready/remind-me/", expected=signed_in(405)),
    ],
    "join:leave": [Case("/join/leave/", "post", expected=same(302))],
    # Only the group's hosts open the room without the code (the world's meeting is
    # not on now, so they are sent back to the meeting page).
    "join:host": [
        Case(
            lambda w: f"/join/host/{w.group.slug}/{w.meeting.pk}/",
            "post",
            expected=hosting(302) | {"staff": 403, "admin": 403},
        )
    ],
}


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "name", "index"), params(MATRIX))
def test_route_answers_each_role_as_expected(world: World, role: str, name: str, index: int):
    check(world, role, MATRIX[name][index])
