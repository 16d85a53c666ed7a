"""Notifications: a member's own list and settings, the unsubscribe links of e-mails, and
the console's "passed on" for assisted members without e-mail
("staff:notifications:...")."""

from typing import Any

import pytest

from gemeinwerk.notifications import kinds
from tests.matrix.cases import Case, Matrix, check, console, params, same, signed_in
from tests.matrix.world import ALL, ROLES, World


def settings_data(world: World) -> dict[str, Any]:
    return {"language": "pl"} | {kind.key: "digest" for kind in kinds.choosable()}


def unsubscribe(world: World, kind: str = "accounts.verified") -> str:
    return f"/notifications/unsubscribe/{world.email_settings.unsubscribe_key}/{kind}/"


UNKNOWN_KEY = "/notifications/unsubscribe/not-a-key/accounts.verified/"


def passed_on(pk: int) -> str:
    return f"/staff/notifications/{pk}/passed-on/"


MATRIX: Matrix = {
    "notifications:list": [
        Case("/notifications/", expected=signed_in(200)),
        # Everyone marks their own read: "verified"'s stays unread for everyone else.
        Case(
            "/notifications/",
            "post",
            expected=signed_in(302),
            unchanged=tuple(role for role in ROLES if role != "verified"),
        ),
    ],
    "notifications:open": [
        # Only the recipient opens it (and so marks it read); for everyone else it does
        # not exist.
        Case(
            lambda w: f"/notifications/{w.notification.pk}/",
            expected=signed_in(404) | {"verified": 302},
        ),
        Case("/notifications/999999/", expected=signed_in(404)),
        # Nobody opens an assisted member's notification in the member's place here.
        Case(lambda w: f"/notifications/{w.quiet_notification.pk}/", expected=signed_in(404)),
    ],
    "notifications:settings": [
        Case("/notifications/settings/", expected=signed_in(200)),
        Case("/notifications/settings/", "post", settings_data, expected=signed_in(302)),
        # A language that does not exist: the form comes back, nothing is saved.
        Case(
            "/notifications/settings/",
            "post",
            lambda w: settings_data(w) | {"language": "xx"},
            expected=signed_in(200),
            unchanged=ALL,
        ),
    ],
    # The random key authorises, whoever follows the link (signed in or not, anyone's
    # session); an unknown key or kind is not found.
    "notifications:unsubscribe": [
        Case(unsubscribe, expected=same(200), unchanged=ALL),
        Case(lambda w: unsubscribe(w, "digest"), expected=same(200), unchanged=ALL),
        Case(UNKNOWN_KEY, expected=same(404)),
        Case(lambda w: unsubscribe(w, "nothing.such"), expected=same(404)),
        Case(unsubscribe, "post", expected=same(200)),
        # Every kind that comes by digest (neighbourhood help has some) goes to the platform.
        Case(lambda w: unsubscribe(w, "digest"), "post", expected=same(200)),
        Case(UNKNOWN_KEY, "post", expected=same(404)),
        Case(lambda w: unsubscribe(w, "nothing.such"), "post", expected=same(404)),
    ],
    # Only staff who look after an assisted member without e-mail (the contact point's
    # staff, admins) mark a notification passed on; for others it does not exist.
    "staff:notifications:passed_on": [
        Case(
            lambda w: passed_on(w.quiet_notification.pk),
            "post",
            expected=console(404, staff=302, admin=302),
        ),
        Case(lambda w: passed_on(w.quiet_notification.pk), expected=console(405)),
        # The person gets e-mails: nothing to pass on, even for their own staff.
        Case(lambda w: passed_on(w.assisted_notification.pk), "post", expected=console(404)),
        # Not an assisted member's at all.
        Case(lambda w: passed_on(w.notification.pk), "post", expected=console(404)),
        Case(passed_on(999999), "post", expected=console(404)),
    ],
}


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "name", "index"), params(MATRIX))
def test_route_answers_each_role_as_expected(world: World, role: str, name: str, index: int):
    check(world, role, MATRIX[name][index])
