"""Every route, every role: who gets what. A new route without an entry fails here.

Each entry states the expected status per role and method. Requests that are refused
(4xx) must change nothing: every table is compared before and after. Paths may depend on
the objects of the test world (a member's page, a request of a contact point).
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from gemeinwerk.accounts.models import (
    AssistedAccount,
    Role,
    RoleAssignment,
    TrustLevel,
    User,
    VerificationRequest,
)
from gemeinwerk.accounts.tests.factories import UserFactory
from gemeinwerk.places.models import ContactPoint
from gemeinwerk.places.tests.factories import ContactPointFactory
from gemeinwerk.routing import websocket_urlpatterns

ROLES = [
    "anonymous",
    "unverified",
    "verified",
    "other_member",
    "staff_other",
    "staff",
    "coordinator",
    "admin",
]
MEMBERS = ["unverified", "verified", "other_member"]
STAFF = ["staff_other", "staff", "coordinator", "admin"]


@dataclass
class World:
    home: ContactPoint  # the contact point of "staff"
    away: ContactPoint  # the contact point of "staff_other"
    users: dict[str, User]
    newcomer: User  # unverified, asked "home" for verification
    assisted: User  # assisted account supported by "home"
    request: VerificationRequest
    role: RoleAssignment  # a role that could be revoked


Path = str | Callable[[World], str]


@dataclass(frozen=True)
class Case:
    path: Path
    method: str = "get"
    data: dict[str, str] = field(default_factory=dict)
    expected: dict[str, int] = field(default_factory=dict)

    def url(self, world: World) -> str:
        return self.path(world) if callable(self.path) else self.path


def same(status: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)


def signed_in(status: int, *, anonymous: int = 302) -> dict[str, int]:
    """Every signed-in role gets `status`; anonymous visitors go to the sign-in page."""
    return {"anonymous": anonymous, **dict.fromkeys(ROLES[1:], status)}


def console(status: int, *, members: int = 403, **overrides: int) -> dict[str, int]:
    """Staff console pages: members are refused, anonymous visitors sign in first."""
    return {"anonymous": 302, **dict.fromkeys(MEMBERS, members), **dict.fromkeys(STAFF, status)} | (
        overrides
    )


def member_page(world: World) -> str:
    return f"/staff/members/{world.newcomer.public_id}/"


# route name -> the requests that exercise it.
MATRIX: dict[str, list[Case]] = {
    "healthz": [Case("/healthz", expected=same(200))],
    "core:home": [Case("/", expected=same(200)), Case("/pl/", expected=same(200))],
    "core:help": [Case("/help/", expected=same(200))],
    "core:privacy": [Case("/privacy/", expected=same(200))],
    "core:house_rules": [Case("/house-rules/", expected=same(200))],
    "core:text_size": [
        Case("/text-size/", "post", {"size": "large"}, expected=same(302)),
        Case("/text-size/", expected=same(405)),
    ],
    "places:list": [Case("/places/", expected=same(200))],
    "places:districts": [Case("/places/districts/", expected=same(200))],
    "places:district": [
        Case(lambda w: f"/places/districts/{w.home.district.slug}/", expected=same(200)),
        Case("/places/districts/no-such-district/", expected=same(404)),
    ],
    "places:detail": [
        Case(lambda w: f"/places/{w.home.slug}/", expected=same(200)),
        Case("/places/no-such-place/", expected=same(404)),
    ],
    # --- allauth: signing in and the account's security settings ----------------------
    "account_login": [Case("/accounts/login/", expected=signed_in(302, anonymous=200))],
    "account_signup": [Case("/accounts/signup/", expected=signed_in(302, anonymous=200))],
    "account_logout": [Case("/accounts/logout/", "post", expected=same(302))],
    "account_inactive": [Case("/accounts/inactive/", expected=same(200))],
    "account_reauthenticate": [Case("/accounts/reauthenticate/", expected=signed_in(200))],
    "account_email": [Case("/accounts/email/", expected=signed_in(200))],
    "account_email_verification_sent": [Case("/accounts/confirm-email/", expected=same(200))],
    "account_confirm_email": [Case("/accounts/confirm-email/not-a-key/", expected=same(200))],
    "account_change_password": [Case("/accounts/password/change/", expected=signed_in(200))],
    "account_set_password": [Case("/accounts/password/set/", expected=signed_in(302))],
    "account_reset_password": [Case("/accounts/password/reset/", expected=same(200))],
    "account_reset_password_done": [Case("/accounts/password/reset/done/", expected=same(200))],
    "account_reset_password_from_key": [
        Case("/accounts/password/reset/key/1-not-a-key/", expected=same(200))
    ],
    "account_reset_password_from_key_done": [
        Case("/accounts/password/reset/key/done/", expected=same(200))
    ],
    # Signing in by code is switched off: nothing to confirm, back to signing in.
    "account_confirm_login_code": [Case("/accounts/login/code/confirm/", expected=same(302))],
    "mfa_index": [Case("/accounts/2fa/", expected=signed_in(200))],
    "mfa_authenticate": [Case("/accounts/2fa/authenticate/", expected=same(302))],
    # Only someone with a second factor can confirm it again.
    "mfa_reauthenticate": [
        Case("/accounts/2fa/reauthenticate/", expected=signed_in(302) | dict.fromkeys(STAFF, 200))
    ],
    # Changing the second factor asks for the password again first (force_login in
    # these tests is not a recent sign-in), or finds nothing to change (404).
    "mfa_activate_totp": [Case("/accounts/2fa/totp/activate/", expected=signed_in(302))],
    "mfa_deactivate_totp": [
        Case("/accounts/2fa/totp/deactivate/", expected=signed_in(404) | dict.fromkeys(STAFF, 302))
    ],
    "mfa_view_recovery_codes": [Case("/accounts/2fa/recovery-codes/", expected=signed_in(404))],
    "mfa_generate_recovery_codes": [
        Case("/accounts/2fa/recovery-codes/generate/", expected=signed_in(302))
    ],
    "mfa_download_recovery_codes": [
        Case("/accounts/2fa/recovery-codes/download/", expected=signed_in(404))
    ],
    "accounts:takeover": [Case("/accounts/takeover/", expected=same(200))],
    # --- The member's own pages -----------------------------------------------------
    "me:overview": [Case("/me/", expected=signed_in(200))],
    "me:profile": [Case("/me/profile/", expected=signed_in(200))],
    "me:verification": [
        # Only accounts that still need verification may ask for it.
        Case("/me/verification/", expected=signed_in(302) | {"unverified": 200})
    ],
    "me:verification_withdraw": [
        Case("/me/verification/withdraw/", "post", expected=signed_in(302)),
        Case("/me/verification/withdraw/", expected=signed_in(405)),
    ],
    "me:consent_withdraw": [Case("/me/assistance/withdraw/", "post", expected=signed_in(302))],
    "me:sessions": [Case("/me/sessions/", expected=signed_in(200))],
    "me:session_end": [
        Case("/me/sessions/end/", "post", {"session": "0" * 16}, expected=signed_in(302))
    ],
    "me:sessions_end_others": [Case("/me/sessions/end-others/", "post", expected=signed_in(302))],
    "me:session_extend": [
        Case("/me/sessions/extend/", "post", expected=signed_in(200)),
        Case("/me/sessions/extend/", expected=signed_in(405)),
    ],
    "me:export": [Case("/me/data/", expected=signed_in(200))],
    "me:delete": [
        Case("/me/delete/", expected=signed_in(200)),
        # A wrong password deletes nothing.
        Case("/me/delete/", "post", {"password": "wrong"}, expected=signed_in(200)),
    ],
    # --- Profiles as others see them --------------------------------------------------
    "members:detail": [
        Case(lambda w: f"/members/{w.users['verified'].public_id}/", expected=same(200)),
        Case("/members/00000000-0000-0000-0000-000000000000/", expected=same(404)),
    ],
    "members:picture": [
        # No picture: not found for everyone.
        Case(lambda w: f"/members/{w.users['verified'].public_id}/picture/", expected=same(404))
    ],
    # --- Staff console (second factor required, enforced for the namespace) -----------
    "staff:queue": [Case("/staff/", expected=console(200))],
    "staff:search": [
        Case("/staff/members/", expected=console(200, coordinator=403)),
        Case(
            "/staff/members/",
            "post",
            {"query": "newcomer"},
            expected=console(200, coordinator=403),
        ),
    ],
    "staff:member": [Case(member_page, expected=console(200, coordinator=403))],
    "staff:verify": [
        # Staff of another contact point may verify too (they met the person there),
        # but only for their own contact point: the form offers only theirs.
        Case(
            lambda w: f"{member_page(w)}verify/",
            "post",
            {"method": "in_person", "house_rules_accepted": "on"},
            expected=console(400, coordinator=403),
        ),
    ],
    "staff:suspend": [
        Case(
            lambda w: f"{member_page(w)}suspend/",
            "post",
            {"reason": ""},
            expected=console(400, coordinator=403),
        ),
    ],
    "staff:restore": [
        Case(
            lambda w: f"{member_page(w)}restore/",
            "post",
            expected=console(400, coordinator=403),
        ),
    ],
    "staff:act_start": [
        # Only the staff of the person's contact point, to whom the person consented.
        Case(
            lambda w: f"/staff/members/{w.assisted.public_id}/act/",
            "post",
            expected=console(403, staff=302),
        ),
    ],
    "staff:takeover_code": [
        Case(
            lambda w: f"/staff/members/{w.assisted.public_id}/takeover-code/",
            "post",
            expected=console(403, staff=200),
        ),
    ],
    "staff:close_request": [
        Case(
            lambda w: f"/staff/requests/{w.request.pk}/close/",
            "post",
            expected=console(403, staff=302, admin=302),
        ),
    ],
    "staff:assisted_create": [
        Case("/staff/assisted/new/", expected=console(200, coordinator=403)),
    ],
    "staff:act_stop": [
        # Harmless when nobody is acting: it only clears the acting state.
        Case("/staff/act/stop/", "post", expected=signed_in(302)),
    ],
    "staff:roles": [Case("/staff/roles/", expected=console(403, admin=200))],
    "staff:role_revoke": [
        Case(
            lambda w: f"/staff/roles/{w.role.pk}/revoke/",
            "post",
            expected=console(403, admin=302),
        ),
    ],
    "staff:audit": [Case("/staff/audit/", expected=console(200))],
    # The Django admin guards all its pages the same way; the index and one model page
    # stand for the namespace. Only admins get in (with their second factor); everyone
    # else is sent to its sign-in page, which refuses signed-in non-admins.
    "admin:*": [
        Case("/admin/", expected=same(302) | {"admin": 200}),
        Case("/admin/accounts/user/", expected=same(302) | {"admin": 200}),
        Case("/admin/login/", expected=signed_in(403, anonymous=302) | {"admin": 302}),
    ],
}

# WebSocket routes: who may connect (tested in the apps' consumer tests).
WEBSOCKET_MATRIX = {
    "/ws/ping/": "everyone: the connection self-test needs no account",
}


def route_names(resolver: URLResolver, prefix: str = "") -> Iterator[str]:
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = pattern.namespace
            if namespace == "admin":
                yield "admin:*"
                continue
            yield from route_names(pattern, f"{prefix}{namespace}:" if namespace else prefix)
        elif isinstance(pattern, URLPattern):
            yield f"{prefix}{pattern.name}" if pattern.name else f"<unnamed {pattern.pattern}>"


def test_every_route_has_an_entry_in_the_matrix():
    routes = set(route_names(get_resolver()))

    assert sorted(routes - set(MATRIX)) == [], "add these routes to MATRIX"
    assert sorted(set(MATRIX) - routes) == [], "these MATRIX entries match no route"


def test_every_websocket_route_has_an_entry():
    paths = {"/" + str(pattern.pattern) for pattern in websocket_urlpatterns}

    assert paths == set(WEBSOCKET_MATRIX)


def with_two_factor(user: User) -> User:
    TOTP.activate(user, generate_totp_secret())
    return user


@pytest.fixture
def world() -> World:
    home = ContactPointFactory.create()
    away = ContactPointFactory.create()
    staff = with_two_factor(UserFactory.create(username="staff", trust_level=TrustLevel.VERIFIED))
    RoleAssignment.objects.create(user=staff, role=Role.STAFF, contact_point=home)
    staff_other = with_two_factor(
        UserFactory.create(username="staff_other", trust_level=TrustLevel.VERIFIED)
    )
    role = RoleAssignment.objects.create(user=staff_other, role=Role.STAFF, contact_point=away)
    coordinator = with_two_factor(
        UserFactory.create(username="coordinator", trust_level=TrustLevel.VERIFIED)
    )
    RoleAssignment.objects.create(user=coordinator, role=Role.COORDINATOR)
    admin = with_two_factor(
        UserFactory.create(
            username="admin", is_staff=True, is_superuser=True, trust_level="verified"
        )
    )
    newcomer = UserFactory.create(username="newcomer")
    assisted = UserFactory.create(username="assisted", trust_level=TrustLevel.VERIFIED)
    AssistedAccount.objects.create(
        user=assisted,
        contact_point=home,
        consent_given_at=timezone.now(),
        created_by=staff,
        consent_recorded_by=staff,
    )
    users = {
        "unverified": UserFactory.create(username="unverified"),
        "verified": UserFactory.create(username="verified", trust_level=TrustLevel.VERIFIED),
        "other_member": UserFactory.create(
            username="other_member", trust_level=TrustLevel.VERIFIED
        ),
        "staff_other": staff_other,
        "staff": staff,
        "coordinator": coordinator,
        "admin": admin,
    }
    request = VerificationRequest.objects.create(member=newcomer, contact_point=home)
    return World(home, away, users, newcomer, assisted, request, role)


def snapshot() -> dict[str, list[Any]]:
    """Every row of every table, except sessions (the test's own login lives there)."""
    state = {}
    for model in apps.get_models():
        if model._meta.label == "accounts.Session":
            continue
        state[model._meta.label] = sorted(map(repr, model._default_manager.values_list()))
    return state


CASES = [
    pytest.param(role, name, index, id=f"{role}-{name}-{index}")
    for name, cases in MATRIX.items()
    for index, _case in enumerate(cases)
    for role in ROLES
]


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "name", "index"), CASES)
def test_route_answers_each_role_as_expected(world: World, role: str, name: str, index: int):
    case = MATRIX[name][index]
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    before = snapshot()

    response = getattr(client, case.method)(case.url(world), case.data)

    assert response.status_code == case.expected[role], (case.method, case.url(world))
    if response.status_code >= 400:
        assert snapshot() == before, "a refused request changed data"
