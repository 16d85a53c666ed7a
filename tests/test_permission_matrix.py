"""Every route, every role: who gets what. A new route without an entry fails here.

Each entry states the expected status per role and method. Requests that are refused
(4xx) must change nothing: every table is compared before and after (and for the cases
that say so, answers that succeed without doing anything too). Paths may depend on the
objects of the test world (a member's page, a request of a contact point).

The world is built once per module, inside a transaction rolled back at the end; each
case runs in a savepoint of its own (pytest-django's `db`), so a case that changes data
leaves nothing behind for the next. The WebSocket cases are in test_websocket_matrix.py.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from gemeinwerk.accounts.models import (
    AssistedAccount,
    Role,
    RoleAssignment,
    TrustDecision,
    TrustLevel,
    User,
    VerificationRequest,
)
from gemeinwerk.accounts.services.assisted import normalise_code
from gemeinwerk.accounts.tests.factories import UserFactory
from gemeinwerk.accounts.tests.more_factories import complete_two_factor
from gemeinwerk.groups.models import (
    AgreementAcceptance,
    Group,
    GroupHost,
    GroupStatus,
    HostInvitation,
    HostRole,
    HostTraining,
    JoinRequest,
    Meeting,
    UsageAgreement,
)
from gemeinwerk.groups.services.meetings import extend_occurrences, new_room_code
from gemeinwerk.places.models import ContactPoint
from gemeinwerk.places.tests.factories import ContactPointFactory

ROLES = [
    "anonymous",
    "unverified",
    "verified",
    "other_member",
    "staff_other",
    "staff",
    "coordinator",
    "admin",
    "suspended_staff",
    "host",
    "co_host",
    "host_other",
    "staff_no2fa",
    "staff_2fa_unused",
]
# "host" hosts the world's group, "co_host" co-hosts it, "host_other" hosts another group
# (at another contact point): verified members with no console role.
MEMBERS = ["unverified", "verified", "other_member", "host", "co_host", "host_other"]
STAFF = ["staff_other", "staff", "coordinator", "admin"]
# Whose session went through the second factor (staff roles need it; a suspended staff
# member keeps it).
TWO_FACTOR = [*STAFF, "suspended_staff"]
# Staff of "home" whose session did not complete two-factor login: "staff_no2fa" never
# set it up, "staff_2fa_unused" set it up but signed in without it (a session from
# before). Their role's powers do not work anywhere: they are verified members like
# "verified", and the console and the admin send them to set it up or confirm it.
WITHOUT_SECOND_FACTOR = ["staff_no2fa", "staff_2fa_unused"]
# Who has an authenticator set up (the allauth mfa_* pages differ for them).
HAS_AUTHENTICATOR = [*TWO_FACTOR, "staff_2fa_unused"]
ALL = tuple(ROLES)


@dataclass
class World:
    home: ContactPoint  # the contact point of "staff"
    away: ContactPoint  # the contact point of "staff_other"
    users: dict[str, User]
    newcomer: User  # unverified, asked "home" for verification
    suspended: User  # a suspended member, once verified at "home"
    assisted: User  # assisted account supported by "home", no takeover code
    request: VerificationRequest
    role: RoleAssignment  # a role that could be revoked
    group: Group  # active, supported by "home", hosted by "host", co-hosted by "co_host"
    proposal: Group  # proposed to "home"
    join_request: JoinRequest  # a guest's request to join `group`
    meeting: Meeting  # of `group`, with occurrences
    co_host: User  # co-hosts `group`
    other_group: Group  # active, supported by "away", hosted by "host_other"
    invitation: HostInvitation  # "host" invited "verified" to co-host `group`, open
    moving: Group  # listed at "home", asks to move to "away"
    own_proposal: Group  # proposed to "home" by "staff"
    pending_takeover: User  # assisted at "home": a takeover code awaits confirmation


TAKEOVER_CODE = "ABCD-EFGH-JKLM"

Path = str | Callable[[World], str]
Data = dict[str, Any] | Callable[[World], dict[str, Any]]


@dataclass(frozen=True)
class Case:
    path: Path
    method: str = "get"
    data: Data = field(default_factory=dict)
    expected: dict[str, int] = field(default_factory=dict)
    # Roles whose answer, though not a refusal, must change nothing either (a form sent
    # back with an error, a request the service turns down with a message).
    unchanged: tuple[str, ...] = ()

    def url(self, world: World) -> str:
        return self.path(world) if callable(self.path) else self.path

    def body(self, world: World) -> dict[str, Any]:
        return self.data(world) if callable(self.data) else self.data


def same(status: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)


def signed_in(status: int, *, anonymous: int = 302) -> dict[str, int]:
    """Every signed-in role gets `status`; anonymous visitors go to the sign-in page."""
    return {"anonymous": anonymous, **dict.fromkeys(ROLES[1:], status)}


def console(status: int, *, members: int = 403, **overrides: int) -> dict[str, int]:
    """Staff console pages: members and suspended staff are refused, anonymous visitors
    sign in first, staff without a completed second factor are sent to it."""
    return {
        "anonymous": 302,
        **dict.fromkeys(MEMBERS, members),
        **dict.fromkeys(STAFF, status),
        "suspended_staff": 403,
        **dict.fromkeys(WITHOUT_SECOND_FACTOR, 302),
    } | overrides


def cared(status: int, **overrides: int) -> dict[str, int]:
    """Staff pages about one member in the care of "home": other contact points' staff
    and coordinators find nobody there (404, as for an unknown member)."""
    return console(status, staff_other=404, coordinator=404) | overrides


def hosting(status: int) -> dict[str, int]:
    """The world's group: its (verified) host and co-host, its contact office's staff and
    admins get `status`; everyone else signed in is refused."""
    return {
        **signed_in(403),
        "anonymous": 302,
        "host": status,
        "co_host": status,
        "staff": status,
        "admin": status,
    }


def member_page(world: World) -> str:
    return f"/staff/members/{world.newcomer.public_id}/"


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


# route name -> the requests that exercise it.
MATRIX: dict[str, list[Case]] = {
    "healthz": [Case("/healthz", expected=same(200))],
    "core:home": [Case("/", expected=same(200)), Case("/pl/", expected=same(200))],
    "core:help": [Case("/help/", expected=same(200))],
    "core:room_help": [Case("/help/meeting-room/", expected=same(200))],
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
    # Confirming again by a code sent by e-mail is switched off too: back to the password.
    "account_request_reauthentication_code": [
        Case("/accounts/reauthenticate/code/", expected=same(302)),
        Case("/accounts/reauthenticate/code/", "post", expected=same(302)),
    ],
    "account_confirm_reauthentication_code": [
        Case("/accounts/reauthenticate/code/confirm/", expected=same(302)),
        Case("/accounts/reauthenticate/code/confirm/", "post", expected=same(302)),
    ],
    "mfa_index": [Case("/accounts/2fa/", expected=signed_in(200))],
    "mfa_authenticate": [Case("/accounts/2fa/authenticate/", expected=same(302))],
    # Only someone with a second factor can confirm it again.
    "mfa_reauthenticate": [
        Case(
            "/accounts/2fa/reauthenticate/",
            expected=signed_in(302) | dict.fromkeys(HAS_AUTHENTICATOR, 200),
        )
    ],
    # Changing the second factor asks for the password again first (force_login in
    # these tests is not a recent sign-in), or finds nothing to change (404).
    "mfa_activate_totp": [Case("/accounts/2fa/totp/activate/", expected=signed_in(302))],
    "mfa_deactivate_totp": [
        Case(
            "/accounts/2fa/totp/deactivate/",
            expected=signed_in(404) | dict.fromkeys(HAS_AUTHENTICATOR, 302),
        )
    ],
    "mfa_view_recovery_codes": [Case("/accounts/2fa/recovery-codes/", expected=signed_in(404))],
    "mfa_generate_recovery_codes": [
        Case("/accounts/2fa/recovery-codes/generate/", expected=signed_in(302))
    ],
    "mfa_download_recovery_codes": [
        Case("/accounts/2fa/recovery-codes/download/", expected=signed_in(404))
    ],
    "accounts:takeover": [
        Case("/accounts/takeover/", expected=same(200)),
        # The right code, but no second staff member confirmed the takeover yet: the form
        # says so, and the account stays as it is.
        Case(
            "/accounts/takeover/",
            "post",
            lambda w: {
                "username": w.pending_takeover.username,
                "code": TAKEOVER_CODE,
                "email": "mine@example.org",
                "password1": "Ein-langes-Passwort-9",
                "password2": "Ein-langes-Passwort-9",
            },
            expected=same(200),
            unchanged=ALL,
        ),
        # A wrong code: the same form, nothing changes.
        Case(
            "/accounts/takeover/",
            "post",
            lambda w: {
                "username": w.pending_takeover.username,
                "code": "ZZZZ-ZZZZ-ZZZZ",
                "email": "mine@example.org",
                "password1": "Ein-langes-Passwort-9",
                "password2": "Ein-langes-Passwort-9",
            },
            expected=same(200),
            unchanged=ALL,
        ),
    ],
    # --- The member's own pages -----------------------------------------------------
    "me:overview": [Case("/me/", expected=signed_in(200))],
    "me:profile": [
        Case("/me/profile/", expected=signed_in(200)),
        # Everyone signed in keeps their own profile.
        Case(
            "/me/profile/",
            "post",
            {
                "display_name": "Rosi",
                "display_name_visibility": "verified",
                "about": "",
                "about_visibility": "nobody",
                "languages_visibility": "nobody",
                "district_visibility": "nobody",
                "phone": "",
                "phone_visibility": "nobody",
                "picture_visibility": "nobody",
            },
            expected=signed_in(302),
        ),
        # A visibility that does not exist: the form comes back, nothing is saved.
        Case(
            "/me/profile/",
            "post",
            {"display_name": "Rosi", "display_name_visibility": "the-whole-world"},
            expected=signed_in(200),
            unchanged=ALL,
        ),
    ],
    "me:verification": [
        # Only accounts that still need verification may ask for it.
        Case("/me/verification/", expected=signed_in(302) | {"unverified": 200}),
        Case(
            "/me/verification/",
            "post",
            lambda w: {"contact_point": w.home.pk, "preferred_method": "in_person"},
            expected=signed_in(302) | {"unverified": 302},
            # The others are sent back to their account page with nothing asked.
            unchanged=tuple(role for role in ROLES if role != "unverified"),
        ),
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
        Case("/me/delete/", "post", {"password": "wrong"}, expected=signed_in(200), unchanged=ALL),
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
    # --- Staff console (second factor required wherever a power is used) --------------
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
    # Member pages and every action under them: only for members in the care of the
    # staff member's contact point (admins: everyone); anyone else is "not found".
    # Coordinators have no member pages at all.
    "staff:member": [Case(member_page, expected=cared(200, coordinator=403))],
    "staff:verify": [
        Case(
            lambda w: f"{member_page(w)}verify/",
            "post",
            {"method": "in_person", "house_rules_accepted": "on"},
            expected=cared(400),
        ),
        Case(
            lambda w: f"{member_page(w)}verify/",
            "post",
            lambda w: {
                "method": "in_person",
                "contact_point": w.home.pk,
                "house_rules_accepted": "on",
            },
            expected=cared(302),
        ),
        # Nobody verifies themselves ("staff" was verified at "home", so in its care).
        Case(
            lambda w: f"/staff/members/{w.users['staff'].public_id}/verify/",
            "post",
            lambda w: {
                "method": "in_person",
                "contact_point": w.home.pk,
                "house_rules_accepted": "on",
            },
            # The admin may, but "staff" is verified already: the form says so.
            expected=cared(403, admin=400),
            unchanged=ALL,
        ),
    ],
    "staff:suspend": [
        Case(
            lambda w: f"{member_page(w)}suspend/",
            "post",
            {"reason": ""},
            expected=cared(400),
        ),
        Case(
            lambda w: f"{member_page(w)}suspend/",
            "post",
            {"reason": "Beleidigungen im Chat"},
            expected=cared(302),
        ),
        # People with a role are suspended only by an admin.
        Case(
            lambda w: f"/staff/members/{w.users['coordinator'].public_id}/suspend/",
            "post",
            {"reason": "Streit im Team"},
            expected=console(404, admin=302),
        ),
    ],
    "staff:restore": [
        Case(
            lambda w: f"/staff/members/{w.suspended.public_id}/restore/",
            "post",
            expected=cared(302),
        ),
    ],
    "staff:assisted_delete": [
        # Only the supporting contact point's staff, on the person's request.
        Case(
            lambda w: f"/staff/members/{w.assisted.public_id}/delete/",
            "post",
            {"requested": "yes"},
            expected=cared(403, staff=302),
        ),
    ],
    "staff:act_start": [
        # Only the staff of the person's contact point, to whom the person consented.
        Case(
            lambda w: f"/staff/members/{w.assisted.public_id}/act/",
            "post",
            expected=cared(403, staff=302),
        ),
    ],
    "staff:takeover_code": [
        Case(
            lambda w: f"/staff/members/{w.assisted.public_id}/takeover-code/",
            "post",
            expected=cared(403, staff=200),
        ),
    ],
    "staff:takeover_confirm": [
        # No code handed out: nothing to confirm.
        Case(
            lambda w: f"/staff/members/{w.assisted.public_id}/takeover-confirm/",
            "post",
            expected=cared(403),
        ),
        # A code awaits a second pair of eyes: a colleague at "home" confirms; the admin
        # who created the account and issued the code cannot.
        Case(
            lambda w: f"/staff/members/{w.pending_takeover.public_id}/takeover-confirm/",
            "post",
            expected=cared(403, staff=302),
        ),
        Case(
            lambda w: f"/staff/members/{w.pending_takeover.public_id}/takeover-confirm/",
            expected=console(405),
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
    # --- Self-help groups ---------------------------------------------------------------
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
        # A proposal is not public before the contact office lists it.
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
    "groups:end_series": [
        Case(
            lambda w: f"/groups/{w.group.slug}/meetings/{w.meeting.pk}/end/",
            "post",
            expected=hosting(302) | {"staff": 403},
        )
    ],
    # Only the group's hosts open the room without the code (the world's meeting is
    # not on now, so they are sent back to the meeting page).
    "groups:enter_room": [
        Case(
            lambda w: f"/groups/{w.group.slug}/meetings/{w.meeting.pk}/enter/",
            "post",
            expected=hosting(302) | {"staff": 403, "admin": 403},
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
    "join:leave": [Case("/join/leave/", "post", expected=same(302))],
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
    # The Django admin guards all its pages the same way; the index and one model page
    # stand for the namespace. Only admins get in (with their second factor); everyone
    # else is sent to its sign-in page, which refuses signed-in non-admins.
    "admin:*": [
        Case("/admin/", expected=same(302) | {"admin": 200}),
        Case("/admin/accounts/user/", expected=same(302) | {"admin": 200}),
        Case(
            "/admin/login/",
            expected=signed_in(403, anonymous=302)
            | {"admin": 302}
            | dict.fromkeys(WITHOUT_SECOND_FACTOR, 302),
        ),
    ],
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


def with_two_factor(user: User) -> User:
    TOTP.activate(user, generate_totp_secret())
    return user


def build_world() -> World:
    home = ContactPointFactory.create()
    away = ContactPointFactory.create()
    staff = with_two_factor(UserFactory.create(username="staff", trust_level=TrustLevel.VERIFIED))
    RoleAssignment.objects.create(user=staff, role=Role.STAFF, contact_point=home)
    # Staff were verified at their contact point: so "staff" is in the care of "home".
    TrustDecision.objects.create(
        member=staff,
        decision="verify",
        method="in_person",
        contact_point=home,
        house_rules_version="1",
    )
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
    staff_no2fa = UserFactory.create(username="staff_no2fa", trust_level=TrustLevel.VERIFIED)
    RoleAssignment.objects.create(user=staff_no2fa, role=Role.STAFF, contact_point=home)
    staff_2fa_unused = with_two_factor(
        UserFactory.create(username="staff_2fa_unused", trust_level=TrustLevel.VERIFIED)
    )
    RoleAssignment.objects.create(user=staff_2fa_unused, role=Role.STAFF, contact_point=home)
    newcomer = UserFactory.create(username="newcomer")
    suspended = UserFactory.create(username="suspended", trust_level=TrustLevel.SUSPENDED)
    # Verified at "home" before the suspension: in the care of its staff.
    TrustDecision.objects.create(
        member=suspended,
        decision="verify",
        method="in_person",
        contact_point=home,
        house_rules_version="1",
    )
    suspended_staff = with_two_factor(
        UserFactory.create(username="suspended_staff", trust_level=TrustLevel.SUSPENDED)
    )
    RoleAssignment.objects.create(user=suspended_staff, role=Role.STAFF, contact_point=home)
    assisted = UserFactory.create(username="assisted", trust_level=TrustLevel.VERIFIED)
    AssistedAccount.objects.create(
        user=assisted,
        contact_point=home,
        consent_given_at=timezone.now(),
        created_by=staff,
        consent_recorded_by=staff,
    )
    # The admin created this account and handed out its takeover code: a second person
    # ("home"'s staff) has to confirm before the code works.
    pending_takeover = UserFactory.create(username="pending", trust_level=TrustLevel.VERIFIED)
    AssistedAccount.objects.create(
        user=pending_takeover,
        contact_point=home,
        consent_given_at=timezone.now(),
        created_by=admin,
        consent_recorded_by=admin,
        takeover_code_hash=make_password(normalise_code(TAKEOVER_CODE)),
        takeover_code_expires_at=timezone.now() + timedelta(days=30),
        takeover_code_issued_by=admin,
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
        "suspended_staff": suspended_staff,
        "staff_no2fa": staff_no2fa,
        "staff_2fa_unused": staff_2fa_unused,
    }
    request = VerificationRequest.objects.create(member=newcomer, contact_point=home)

    host = UserFactory.create(username="host", trust_level=TrustLevel.VERIFIED)
    users["host"] = host
    agreement = UsageAgreement.objects.create(
        version="1", text_de="Regeln", text_pl="Zasady", text_en="Rules"
    )
    HostTraining.objects.create(user=host, trained_on=date(2026, 1, 10))
    AgreementAcceptance.objects.create(user=host, agreement=agreement)
    group = Group.objects.create(
        name="Treffpunkt Angehörige",
        slug="treffpunkt",
        topic="relatives",
        description="Für Angehörige",
        format="online",
        rhythm="jeden Dienstag",
        contact_point=home,
        status=GroupStatus.ACTIVE,
        languages=["de"],
    )
    GroupHost.objects.create(group=group, user=host, role=HostRole.HOST)
    co_host = UserFactory.create(username="co_host", trust_level=TrustLevel.VERIFIED)
    GroupHost.objects.create(group=group, user=co_host, role=HostRole.CO_HOST)
    users["co_host"] = co_host
    host_other = UserFactory.create(username="host_other", trust_level=TrustLevel.VERIFIED)
    HostTraining.objects.create(user=host_other, trained_on=date(2026, 1, 10))
    AgreementAcceptance.objects.create(user=host_other, agreement=agreement)
    other_group = Group.objects.create(
        name="Lauftreff",
        slug="lauftreff",
        topic="grief",
        description="Gemeinsam laufen",
        format="in_person",
        rhythm="samstags",
        contact_point=away,
        status=GroupStatus.ACTIVE,
        languages=["de"],
    )
    GroupHost.objects.create(group=other_group, user=host_other, role=HostRole.HOST)
    users["host_other"] = host_other
    invitation = HostInvitation.objects.create(
        group=group, user=users["verified"], role=HostRole.CO_HOST, invited_by=host
    )
    proposal = Group.objects.create(
        name="Neue Gruppe",
        slug="neu",
        topic="grief",
        description="Vorschlag",
        format="in_person",
        rhythm="monatlich",
        contact_point=home,
        languages=["de"],
    )
    own_proposal = Group.objects.create(
        name="Gruppe vom Team",
        slug="vom-team",
        topic="grief",
        description="Vorschlag einer Mitarbeiterin",
        format="in_person",
        rhythm="monatlich",
        contact_point=home,
        languages=["de"],
        proposed_by=staff,
    )
    moving = Group.objects.create(
        name="Umzug",
        slug="umzug",
        topic="relatives",
        description="Möchte zur anderen Anlaufstelle",
        format="in_person",
        rhythm="monatlich",
        contact_point=home,
        requested_contact_point=away,
        status=GroupStatus.ACTIVE,
        languages=["de"],
    )
    join_request = JoinRequest.objects.create(group=group, name="Gast", contact="gast@example.org")
    meeting = Meeting.objects.create(
        group=group,
        recurrence="weekly",
        first_date=timezone.localdate() + timedelta(days=1),
        start_time=time(19),
        room_code=new_room_code(),
        created_by=host,
    )
    extend_occurrences(meeting)
    return World(
        home=home,
        away=away,
        users=users,
        newcomer=newcomer,
        suspended=suspended,
        assisted=assisted,
        request=request,
        role=role,
        group=group,
        proposal=proposal,
        join_request=join_request,
        meeting=meeting,
        co_host=co_host,
        other_group=other_group,
        invitation=invitation,
        moving=moving,
        own_proposal=own_proposal,
        pending_takeover=pending_takeover,
    )


@pytest.fixture(scope="module")
def shared_world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """The world, built once for the module in a transaction that is rolled back at the
    end. Each test's `db` fixture opens a savepoint inside it and rolls it back."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def world(shared_world: World, db: None) -> World:
    # Rate limits live in the cache; each case starts with none spent.
    cache.clear()
    return shared_world


def sign_in(client: Client, world: World, role: str) -> None:
    """Signed in as the role would be by allauth: privileged roles with the second
    factor in this session; those in WITHOUT_SECOND_FACTOR without it."""
    if role == "anonymous":
        return
    # A fresh copy: predicates cache roles on the user object, and the world's objects
    # outlive each test's savepoint.
    user = User.objects.get(pk=world.users[role].pk)
    client.force_login(user)
    if role in TWO_FACTOR:
        complete_two_factor(client, user)


def snapshot() -> dict[str, list[Any]]:
    """Every row of every table, except sessions (the test's own login lives there)."""
    state = {}
    for model in apps.get_models():
        if model._meta.label == "accounts.Session":
            continue
        state[model._meta.label] = sorted(map(repr, model._default_manager.values_list()))
    return state


# Staff without a completed second factor are sent from these to set it up or confirm it.
SECOND_FACTOR_PATHS = ("/staff/", "/admin/")
SECOND_FACTOR_PAGES = ("/accounts/2fa/totp/activate/", "/accounts/2fa/reauthenticate/")

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
    url = case.url(world)
    client = Client()
    sign_in(client, world, role)
    sent_to_second_factor = role in WITHOUT_SECOND_FACTOR and url.startswith(SECOND_FACTOR_PATHS)
    # Only where nothing may change: a status other than expected fails anyway.
    compare = case.expected[role] >= 400 or role in case.unchanged or sent_to_second_factor
    before = snapshot() if compare else {}

    response = getattr(client, case.method)(url, case.body(world))

    assert response.status_code == case.expected[role], (case.method, url)
    if sent_to_second_factor:
        # To setting up or confirming the second factor, not to the result of the power.
        assert response["Location"].startswith(SECOND_FACTOR_PAGES), response["Location"]
    if compare:
        assert snapshot() == before, "a refused request changed data"
