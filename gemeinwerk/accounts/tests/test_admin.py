"""Roles given and taken back in the Django admin are audited like in the staff console."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client

from gemeinwerk.accounts.models import Role, RoleAssignment
from gemeinwerk.accounts.tests.factories import UserFactory
from gemeinwerk.accounts.tests.more_factories import complete_two_factor
from gemeinwerk.audit.models import AuditEvent
from gemeinwerk.places.tests.factories import ContactPointFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client() -> Client:
    admin = UserFactory.create(username="chefin", is_staff=True, is_superuser=True)
    TOTP.activate(admin, generate_totp_secret())
    client = Client()
    client.force_login(admin)
    return complete_two_factor(client, admin)


def test_role_given_in_the_admin_is_audited(admin_client: Client):
    person = UserFactory.create(username="neues_team")
    point = ContactPointFactory.create()

    response = admin_client.post(
        "/admin/accounts/roleassignment/add/",
        {"user": person.pk, "role": Role.STAFF, "contact_point": point.pk},
    )

    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=person)
    event = AuditEvent.objects.get(action="role.assigned")
    assert event.subject == person
    assert event.actor is not None
    assert event.actor.username == "chefin"
    assert event.target_id == str(assignment.pk)


def test_role_taken_back_in_the_admin_is_audited(admin_client: Client):
    person = UserFactory.create(username="altes_team")
    assignment = RoleAssignment.objects.create(user=person, role=Role.COORDINATOR)

    response = admin_client.post(
        f"/admin/accounts/roleassignment/{assignment.pk}/delete/", {"post": "yes"}
    )

    assert response.status_code == 302
    assert not RoleAssignment.objects.exists()
    assert AuditEvent.objects.get(action="role.revoked").subject == person


def test_trust_level_cannot_be_edited_in_the_admin(admin_client: Client):
    member = UserFactory.create(username="ruth")

    admin_client.post(
        f"/admin/accounts/user/{member.pk}/change/",
        {
            "username": "ruth",
            "email": "ruth@example.org",
            "trust_level": "verified",
            "is_active": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00",
        },
    )

    member.refresh_from_db()
    assert member.trust_level == "unverified"
