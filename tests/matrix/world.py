"""The world every matrix module shares: the roles, the objects they act on, and how a
test client signs in as each role. A new app adds the objects its routes need here, and
its cases in a matrix module of its own (tests/matrix/__init__.py)."""

from dataclasses import dataclass
from datetime import date, time, timedelta

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.hashers import make_password
from django.test import Client
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
    Follower,
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
from gemeinwerk.notifications.models import EmailSettings, Notification
from gemeinwerk.places.models import ContactPoint
from gemeinwerk.places.tests.factories import ContactPointFactory
from gemeinwerk.programme.models import Facility, Organisation, RegistryImport

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
    follower: Follower  # "other_member" asked for `group`'s reminders
    moving: Group  # listed at "home", asks to move to "away"
    own_proposal: Group  # proposed to "home" by "staff"
    pending_takeover: User  # assisted at "home": a takeover code awaits confirmation
    quiet: User  # assisted at "home", without an e-mail address
    notification: Notification  # unread, for "verified", leads to /me/
    quiet_notification: Notification  # unread, for `quiet`: staff pass it on
    assisted_notification: Notification  # unread, for `assisted` (who has an e-mail)
    email_settings: EmailSettings  # "verified"'s, with the key of the unsubscribe links
    # The facility registry: a listed facility of a listed organisation, and an upload of
    # the official list by "coordinator" that waits for its confirmation.
    registry_facility: Facility
    registry_import: RegistryImport


TAKEOVER_CODE = "ABCD-EFGH-JKLM"


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
    follower = Follower.objects.create(group=group, user=users["other_member"])
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
    # Notifications: the platform cannot write to `quiet`, so "home"'s staff pass on
    # what it tells the person.
    quiet = UserFactory.create(username="quiet", email="", trust_level=TrustLevel.VERIFIED)
    AssistedAccount.objects.create(
        user=quiet,
        contact_point=home,
        consent_given_at=timezone.now(),
        created_by=staff,
        consent_recorded_by=staff,
    )
    notification = Notification.objects.create(
        recipient=users["verified"], kind="accounts.verified", channel="app", path="/me/"
    )
    quiet_notification = Notification.objects.create(
        recipient=quiet, kind="accounts.verified", channel="app"
    )
    assisted_notification = Notification.objects.create(
        recipient=assisted, kind="accounts.verified", channel="app"
    )
    email_settings = EmailSettings.objects.create(user=users["verified"])
    registry_facility = Facility.objects.create(
        organisation=Organisation.objects.create(number="MATRIX-ORG", name="Fundacja Matryca"),
        number="MATRIX-PWD",
        name="Placówka Wsparcia Dziennego „Matryca”",
    )
    registry_import = RegistryImport.objects.create(
        created_by=coordinator,
        filename="lista.csv",
        content="organisation_number;organisation;facility_number;facility\n"
        "MATRIX-ORG;Fundacja Matryca;MATRIX-NEW;Nowa placówka\n",
    )
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
        follower=follower,
        moving=moving,
        own_proposal=own_proposal,
        pending_takeover=pending_takeover,
        quiet=quiet,
        notification=notification,
        quiet_notification=quiet_notification,
        assisted_notification=assisted_notification,
        email_settings=email_settings,
        registry_facility=registry_facility,
        registry_import=registry_import,
    )


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
