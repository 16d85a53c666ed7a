"""Permission predicates, the permissions built from them, and giving and taking roles."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gemeinwerk.accounts.models import (
    AssistedAccount,
    Role,
    RoleAssignment,
    TrustLevel,
    User,
    VerificationRequest,
)
from gemeinwerk.accounts.rules import (
    has_two_factor,
    is_admin,
    is_coordinator,
    is_privileged,
    is_staff_member,
    is_staff_of,
    is_suspended,
    is_verified,
    may_act_for,
    roles_of,
    staff_contact_point_ids,
)
from gemeinwerk.accounts.services.roles import assign_role, revoke_role
from gemeinwerk.accounts.tests.more_factories import (
    assisted_member,
    make_admin,
    make_contact_point,
    make_coordinator,
    make_request,
    make_user,
    make_verified,
    staff_of,
    with_two_factor,
)
from gemeinwerk.audit.models import AuditEvent
from gemeinwerk.core.permissions import may
from gemeinwerk.places.models import ContactPoint

pytestmark = pytest.mark.django_db


def fresh(user: User) -> User:
    """The user as the next request sees it: no cached roles or second factor."""
    return User.objects.get(pk=user.pk)


# --- Predicates ------------------------------------------------------------------------


def test_anonymous_visitors_pass_no_predicate():
    anonymous = AnonymousUser()
    point = make_contact_point()

    assert not is_verified(anonymous)
    assert not is_suspended(anonymous)
    assert not is_admin(anonymous)
    assert not is_staff_member(anonymous)
    assert not is_staff_of(anonymous, point)
    assert not is_coordinator(anonymous)
    assert not is_privileged(anonymous)
    assert not has_two_factor(anonymous)
    assert not may_act_for(anonymous, assisted_member(point))
    assert roles_of(anonymous) == frozenset()


@pytest.mark.parametrize(
    ("level", "verified", "suspended"),
    [
        (TrustLevel.UNVERIFIED, False, False),
        (TrustLevel.VERIFIED, True, False),
        (TrustLevel.SUSPENDED, False, True),
    ],
)
def test_is_verified_follows_the_trust_level(level: str, verified: bool, suspended: bool):
    member = make_user(trust_level=level)

    assert is_verified(member) is verified
    assert is_suspended(member) is suspended


def test_is_staff_of_only_for_the_contact_points_of_the_staff_role():
    home, away, third = make_contact_point(), make_contact_point(), make_contact_point()
    staff = staff_of(home)
    RoleAssignment.objects.create(user=staff, role=Role.STAFF, contact_point=away)
    staff = fresh(staff)

    assert is_staff_of(staff, home)
    assert is_staff_of(staff, away)
    assert not is_staff_of(staff, third)
    assert not is_staff_of(staff, None)
    assert staff_contact_point_ids(staff) == {home.pk, away.pk}
    assert is_staff_member(staff)


def test_coordinators_and_admins_are_not_staff_of_a_contact_point():
    point = make_contact_point()

    for user in (make_coordinator(), make_admin()):
        assert not is_staff_of(user, point)
        assert not is_staff_member(user)


def test_is_coordinator_and_is_admin():
    coordinator, admin = make_coordinator(), make_admin()
    staff, member = staff_of(make_contact_point()), make_verified()

    assert [is_coordinator(u) for u in (coordinator, admin, staff, member)] == [
        True,
        False,
        False,
        False,
    ]
    assert [is_admin(u) for u in (coordinator, admin, staff, member)] == [
        False,
        True,
        False,
        False,
    ]
    assert not is_admin(make_user(is_staff=True)), "the Django staff flag alone is no admin"


def test_is_privileged_for_every_role_and_the_django_staff_flag():
    assert is_privileged(staff_of(make_contact_point(), two_factor=False))
    assert is_privileged(make_coordinator(two_factor=False))
    assert is_privileged(make_admin(two_factor=False))
    assert is_privileged(make_user(is_staff=True))
    assert not is_privileged(make_verified())
    assert not is_privileged(make_user(trust_level=TrustLevel.SUSPENDED))


def test_has_two_factor_needs_a_totp_authenticator():
    user = make_verified()
    assert not has_two_factor(user)
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "x"}
    )
    assert not has_two_factor(fresh(user)), "recovery codes alone are no second factor"

    with_two_factor(user)

    assert has_two_factor(fresh(user))


def test_roles_are_read_once_per_user_object():
    point = make_contact_point()
    staff = staff_of(point)
    assert is_staff_of(staff, point)

    RoleAssignment.objects.filter(user=staff).delete()

    assert is_staff_of(staff, point), "cached for this object (one request)"
    assert not is_staff_of(fresh(staff), point), "the next request sees the change"


@dataclass
class ActingWorld:
    home: ContactPoint
    staff: User
    member: User

    @property
    def assisted(self) -> AssistedAccount:
        return AssistedAccount.objects.get(user=self.member)


@pytest.fixture
def acting() -> ActingWorld:
    home = make_contact_point()
    return ActingWorld(home, staff_of(home), assisted_member(home))


def test_staff_of_the_persons_contact_point_may_act_for_them(acting: ActingWorld):
    assert may_act_for(acting.staff, acting.member)


def test_staff_of_another_contact_point_may_not_act(acting: ActingWorld):
    assert not may_act_for(staff_of(make_contact_point()), acting.member)


def test_coordinators_and_admins_may_not_act_without_the_persons_consent_to_them(
    acting: ActingWorld,
):
    assert not may_act_for(make_coordinator(), acting.member)
    assert not may_act_for(make_admin(), acting.member)


def test_nobody_acts_for_a_member_without_an_assisted_account(acting: ActingWorld):
    assert not may_act_for(acting.staff, make_verified())
    assert not may_act_for(acting.staff, None)


def test_withdrawn_consent_ends_the_right_to_act(acting: ActingWorld):
    AssistedAccount.objects.filter(user=acting.member).update(consent_withdrawn_at=timezone.now())

    assert not may_act_for(fresh(acting.staff), fresh(acting.member))


def test_a_taken_over_account_ends_the_right_to_act(acting: ActingWorld):
    AssistedAccount.objects.filter(user=acting.member).update(taken_over_at=timezone.now())

    assert not may_act_for(fresh(acting.staff), fresh(acting.member))
    assert not acting.assisted.staff_may_act


def test_a_staff_member_who_loses_the_role_may_no_longer_act(acting: ActingWorld):
    RoleAssignment.objects.filter(user=acting.staff).delete()

    assert not may_act_for(fresh(acting.staff), acting.member)


# --- Permissions per role ------------------------------------------------------------


@dataclass
class World:
    home: ContactPoint
    away: ContactPoint
    users: dict[str, User]
    newcomer: User
    assisted: User
    request: VerificationRequest
    foreign_request: VerificationRequest


ROLES = ["unverified", "verified", "staff", "staff_other", "coordinator", "admin"]


@pytest.fixture
def world() -> World:
    home, away = make_contact_point(), make_contact_point()
    users = {
        "unverified": make_user(),
        "verified": make_verified(),
        "staff": staff_of(home),
        "staff_other": staff_of(away),
        "coordinator": make_coordinator(),
        "admin": make_admin(),
    }
    newcomer = make_user()
    return World(
        home=home,
        away=away,
        users=users,
        newcomer=newcomer,
        assisted=assisted_member(home),
        request=make_request(newcomer, home),
        foreign_request=make_request(make_user(), away),
    )


Target = Callable[[World], Any]
PERMISSIONS: list[tuple[str, Target, set[str]]] = [
    (
        "accounts.use_staff_console",
        lambda w: None,
        {"staff", "staff_other", "coordinator", "admin"},
    ),
    ("accounts.view_member", lambda w: w.newcomer, {"staff", "staff_other", "admin"}),
    ("accounts.verify_member", lambda w: w.newcomer, {"staff", "staff_other", "admin"}),
    ("accounts.suspend_member", lambda w: w.newcomer, {"staff", "staff_other", "admin"}),
    # Nobody suspends an admin: the rule says so, admins included (core.permissions.may
    # asks the rule, never the superuser flag).
    ("accounts.suspend_member", lambda w: w.users["admin"], set()),
    ("accounts.handle_verification_request", lambda w: w.request, {"staff", "admin"}),
    (
        "accounts.handle_verification_request",
        lambda w: w.foreign_request,
        {"staff_other", "admin"},
    ),
    ("accounts.create_assisted_account", lambda w: None, {"staff", "staff_other", "admin"}),
    # The person's consent was given to the contact point's staff, never to an admin.
    ("accounts.act_for", lambda w: w.assisted, {"staff"}),
    ("accounts.act_for", lambda w: w.newcomer, set()),
    ("accounts.issue_takeover_code", lambda w: w.assisted, {"staff"}),
    ("accounts.assign_roles", lambda w: None, {"admin"}),
    ("audit.view_events", lambda w: None, {"staff", "staff_other", "coordinator", "admin"}),
]


@pytest.mark.parametrize(
    ("permission", "target", "allowed"),
    PERMISSIONS,
    ids=[f"{p}-{i}" for i, (p, _t, _a) in enumerate(PERMISSIONS)],
)
def test_permissions_per_role(world: World, permission: str, target: Target, allowed: set[str]):
    obj = target(world)

    granted = {role for role in ROLES if may(fresh(world.users[role]), permission, obj)}

    assert granted == allowed


def test_staff_cannot_verify_or_suspend_themselves(world: World):
    staff = world.users["staff"]

    assert not staff.has_perm("accounts.verify_member", staff)
    assert not staff.has_perm("accounts.suspend_member", staff)


def test_only_the_persons_staff_may_act_even_where_admins_pass_has_perm(world: World):
    # has_perm is True for superusers; the console asks may_act_for for exactly this.
    assert not may_act_for(world.users["admin"], world.assisted)
    assert may_act_for(world.users["staff"], world.assisted)


# --- Giving and taking back roles ------------------------------------------------------


def test_assign_role_gives_a_staff_role_on_the_record():
    admin = make_admin()
    user = make_verified()
    point = make_contact_point()

    assignment = assign_role(user=user, role=Role.STAFF, contact_point=point, assigned_by=admin)

    assert (assignment.user, assignment.role, assignment.contact_point) == (
        user,
        Role.STAFF,
        point,
    )
    assert assignment.assigned_by == admin
    # The role's powers start with two-factor login.
    assert not is_staff_of(fresh(user), point)
    with_two_factor(user)
    assert is_staff_of(fresh(user), point)
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.subject) == ("role.assigned", admin, user)
    assert event.target_id == str(assignment.pk)
    assert event.after == {"role": Role.STAFF, "contact_point": point.pk}


def test_assign_role_gives_a_city_wide_coordinator_role():
    admin = make_admin()
    user = make_verified()

    assign_role(user=user, role=Role.COORDINATOR, contact_point=None, assigned_by=admin)

    assert not is_coordinator(fresh(user))
    with_two_factor(user)
    assert is_coordinator(fresh(user))
    assert AuditEvent.objects.get().after == {"role": Role.COORDINATOR, "contact_point": None}


CONFLICT = "This person has this role already, or the role does not fit the place."


def test_staff_without_a_contact_point_is_refused_with_a_clear_message():
    user = make_verified()

    with pytest.raises(ValidationError) as error:
        assign_role(user=user, role=Role.STAFF, contact_point=None, assigned_by=make_admin())

    assert error.value.messages == [CONFLICT]
    assert error.value.code == "role_conflict"
    assert not RoleAssignment.objects.filter(user=user).exists()
    assert not AuditEvent.objects.exists()


def test_a_coordinator_for_a_contact_point_is_refused():
    user = make_verified()

    with pytest.raises(ValidationError) as error:
        assign_role(
            user=user,
            role=Role.COORDINATOR,
            contact_point=make_contact_point(),
            assigned_by=make_admin(),
        )

    assert error.value.messages == [CONFLICT]
    assert not RoleAssignment.objects.filter(user=user).exists()


def test_the_same_staff_role_twice_is_refused_but_another_place_is_fine():
    admin, user = make_admin(), make_verified()
    home, away = make_contact_point(), make_contact_point()
    assign_role(user=user, role=Role.STAFF, contact_point=home, assigned_by=admin)

    with pytest.raises(ValidationError) as error:
        assign_role(user=user, role=Role.STAFF, contact_point=home, assigned_by=admin)
    assign_role(user=user, role=Role.STAFF, contact_point=away, assigned_by=admin)

    assert error.value.messages == [CONFLICT]
    assert RoleAssignment.objects.filter(user=user).count() == 2
    assert AuditEvent.objects.filter(action="role.assigned").count() == 2


def test_the_coordinator_role_twice_is_refused():
    admin, user = make_admin(), make_verified()
    assign_role(user=user, role=Role.COORDINATOR, contact_point=None, assigned_by=admin)

    with pytest.raises(ValidationError) as error:
        assign_role(user=user, role=Role.COORDINATOR, contact_point=None, assigned_by=admin)

    assert error.value.messages == [CONFLICT]
    assert RoleAssignment.objects.filter(user=user).count() == 1


def test_an_unknown_role_is_refused():
    user = make_verified()

    with pytest.raises(ValidationError) as error:
        assign_role(user=user, role="emperor", contact_point=None, assigned_by=make_admin())

    assert "role" in error.value.message_dict
    assert not RoleAssignment.objects.exists()


def test_revoke_role_removes_it_on_the_record():
    admin = make_admin()
    point = make_contact_point()
    staff = staff_of(point)
    assignment = RoleAssignment.objects.get(user=staff)
    assignment_pk = assignment.pk

    revoke_role(assignment=assignment, revoked_by=admin)

    assert not RoleAssignment.objects.filter(user=staff).exists()
    assert not is_staff_of(fresh(staff), point)
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.subject) == ("role.revoked", admin, staff)
    assert event.target_id == str(assignment_pk)
    assert event.before == {"role": Role.STAFF, "contact_point": point.pk}


# --- The database's rules for roles ------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "with_place"),
    [(Role.STAFF, False), (Role.COORDINATOR, True), ("host", False)],
    ids=["staff-without-place", "coordinator-with-place", "unknown-role"],
)
def test_the_database_refuses_roles_whose_scope_does_not_fit(role: str, with_place: bool):
    user = make_verified()
    point = make_contact_point() if with_place else None

    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=user, role=role, contact_point=point)


def test_the_database_keeps_each_role_once_per_place():
    user = make_verified()
    point = make_contact_point()
    RoleAssignment.objects.create(user=user, role=Role.STAFF, contact_point=point)
    RoleAssignment.objects.create(user=user, role=Role.COORDINATOR)

    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=user, role=Role.STAFF, contact_point=point)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=user, role=Role.COORDINATOR)
