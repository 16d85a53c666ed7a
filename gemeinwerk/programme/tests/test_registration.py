"""A facility's registration as the services see it: one account per facility (also
when two register at once), the programme office's decisions audited and e-mailed
after the commit, activation once, and no sign-in before it."""

from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.test import Client
from django_tasks_db.models import DBTaskResult

from gemeinwerk.accounts.models import User
from gemeinwerk.accounts.personal_data import export_data
from gemeinwerk.accounts.services.leaving import delete_account
from gemeinwerk.accounts.tests.more_factories import make_coordinator, make_verified
from gemeinwerk.audit.models import AuditEvent
from gemeinwerk.core.tests.test_mail import mailers_delivering_to
from gemeinwerk.programme.audit_actions import AuditAction
from gemeinwerk.programme.models import AccountStatus, Facility, FacilityAccount
from gemeinwerk.programme.services import registration
from gemeinwerk.programme.services.registration import ActivationProblem
from gemeinwerk.programme.tests.factories import facility as make_facility

pytestmark = pytest.mark.django_db

PASSWORD = "Zielone jabłko na stole"


@pytest.fixture
def facility() -> Facility:
    return make_facility(name="Placówka „Słoneczko”")


def register(facility: Facility, email: str = "sloneczko@example.org", **extra: Any) -> Any:
    return registration.register(
        facility=facility,
        first_name="Anna",
        last_name="Kowalska",
        email=email,
        password=PASSWORD,
        **extra,
    )


def sign_in(login: str, password: str = PASSWORD) -> Any:
    return Client().post("/en/accounts/login/", {"login": login, "password": password})


def test_a_registration_waits_with_an_account_that_cannot_sign_in(facility: Facility):
    account = register(facility, informal_name="Słoneczko", language="pl")

    user = account.user
    assert account.status == AccountStatus.WAITING
    assert (account.manager_first_name, account.manager_last_name) == ("Anna", "Kowalska")
    assert account.informal_name == "Słoneczko"
    assert not user.is_active
    assert user.check_password(PASSWORD)
    assert EmailAddress.objects.get(user=user).verified is False
    assert user.email_settings.language == "pl"
    # The user name names the facility's list entry, not its manager.
    assert "anna" not in user.username.lower()

    response = sign_in("sloneczko@example.org")
    assert response.status_code == 200
    assert "has not yet decided" in response.content.decode()
    assert "_auth_user_id" not in response.client.session


def test_a_wrong_password_of_a_waiting_account_tells_nothing(facility: Facility):
    register(facility)

    response = sign_in("sloneczko@example.org", "falsch falsch falsch")

    assert "has not yet decided" not in response.content.decode()


def test_a_facility_has_one_account(facility: Facility):
    register(facility)

    with pytest.raises(ValidationError) as refused:
        register(facility, email="leitung@example.org")

    assert "facility" in refused.value.message_dict
    assert "programme office" in refused.value.message_dict["facility"][0]
    assert FacilityAccount.objects.count() == 1
    assert not User.objects.filter(email="leitung@example.org").exists()


def test_after_a_rejection_the_facility_may_register_again(facility: Facility):
    first = register(facility)
    registration.reject(actor=make_coordinator(), account=first, reason="Falsche Adresse.")

    second = register(facility, email="leitung@example.org")

    assert second.status == AccountStatus.WAITING


def test_after_a_rejection_the_same_e_mail_address_registers_again(facility: Facility):
    first = register(facility)
    registration.reject(actor=make_coordinator(), account=first, reason="Falsche Tagesstätte.")

    second = register(facility)

    assert second.status == AccountStatus.WAITING
    # The rejected registration's account, never used, made room for the new one.
    assert not User.objects.filter(pk=first.user_id).exists()
    assert AuditEvent.objects.filter(action=AuditAction.REGISTRATION_REJECTED).exists()


def test_an_e_mail_address_in_use_is_refused(facility: Facility):
    make_verified(email="Mila@example.org")

    with pytest.raises(ValidationError) as refused:
        register(facility, email="mila@example.org")

    assert "email" in refused.value.message_dict


def test_two_registrations_at_once_meet_the_constraint(facility: Facility):
    register(facility)
    # The second registration's check ran before the first committed: the database's
    # constraint refuses it, and nothing of it stays.
    with (
        mock.patch.object(registration, "facility_is_taken", return_value=False),
        pytest.raises(ValidationError) as refused,
    ):
        register(facility, email="leitung@example.org")

    assert "facility" in refused.value.message_dict
    assert FacilityAccount.objects.count() == 1
    assert not User.objects.filter(email="leitung@example.org").exists()
    assert not EmailAddress.objects.filter(email="leitung@example.org").exists()


def test_a_weak_password_is_refused(facility: Facility):
    with pytest.raises(ValidationError) as refused:
        registration.register(
            facility=facility,
            first_name="Anna",
            last_name="Kowalska",
            email="a@example.org",
            password="12345678",
        )
    assert "password" in refused.value.message_dict


def test_an_unlisted_facility_cannot_register():
    with pytest.raises(ValidationError):
        register(make_facility(listed=False))


def test_approval_is_audited_and_mails_the_activation_link_in_the_registrations_language(
    facility: Facility,
):
    account = register(facility, language="pl")
    coordinator = make_coordinator()

    registration.approve(actor=coordinator, account=account)

    account.refresh_from_db()
    assert account.status == AccountStatus.APPROVED
    assert account.decided_by == coordinator
    event = AuditEvent.objects.get(action=AuditAction.REGISTRATION_APPROVED)
    assert event.actor == coordinator
    assert event.subject == account.user
    (message,) = mail.outbox
    assert message.to == ["sloneczko@example.org"]
    assert message.body.startswith("Dzień dobry,")
    assert "/pl/facilities/activate/" in message.body
    # The link carries the signed account id only.
    assert "sloneczko" not in message.body.split("/activate/")[1].split()[0]


def test_rejection_needs_a_reason_and_mails_it(facility: Facility):
    account = register(facility, language="de")
    coordinator = make_coordinator()

    with pytest.raises(ValidationError):
        registration.reject(actor=coordinator, account=account, reason="  ")
    registration.reject(
        actor=coordinator, account=account, reason="Diese Adresse gehört nicht der Einrichtung."
    )

    account.refresh_from_db()
    assert account.status == AccountStatus.REJECTED
    assert AuditEvent.objects.filter(action=AuditAction.REGISTRATION_REJECTED).count() == 1
    (message,) = mail.outbox
    assert message.body.startswith("Guten Tag,")
    assert "Diese Adresse gehört nicht der Einrichtung." in message.body
    assert "did not approve" in sign_in("sloneczko@example.org").content.decode()


def test_only_the_programme_office_decides_and_only_once(facility: Facility):
    account = register(facility)

    with pytest.raises(PermissionDenied):
        registration.approve(actor=make_verified(), account=account)
    with pytest.raises(PermissionDenied):
        registration.approve(actor=make_coordinator(two_factor=False), account=account)
    registration.approve(actor=make_coordinator(), account=account)
    with pytest.raises(ValidationError):
        registration.reject(actor=make_coordinator(), account=account, reason="Doch nicht.")


def test_the_decisions_e_mail_leaves_with_the_commit_only(facility: Facility, settings: Any):
    settings.MAILERS = mailers_delivering_to("django.core.mail.backends.locmem.EmailBackend")
    account = register(facility)

    coordinator = make_coordinator()

    def decision_that_fails() -> None:
        with transaction.atomic():
            registration.approve(actor=coordinator, account=account)
            assert DBTaskResult.objects.filter(task_path__endswith="deliver_email").count() == 1
            raise RuntimeError("the decision failed")

    with pytest.raises(RuntimeError):
        decision_that_fails()

    assert DBTaskResult.objects.filter(task_path__endswith="deliver_email").count() == 0
    account.refresh_from_db()
    assert account.status == AccountStatus.WAITING


def test_activation_works_once_and_then_the_facility_signs_in(facility: Facility):
    account = register(facility)
    registration.approve(actor=make_coordinator(), account=account)
    token = registration.activation_token(account.user)
    assert "has approved" not in sign_in("sloneczko@example.org").content.decode()
    assert "is approved" in sign_in("sloneczko@example.org").content.decode()

    registration.activate(token=token)

    user = User.objects.get(pk=account.user_id)
    assert user.is_active
    assert EmailAddress.objects.get(user=user).verified
    assert AuditEvent.objects.filter(action=AuditAction.ACCOUNT_ACTIVATED).count() == 1
    with pytest.raises(ActivationProblem) as again:
        registration.activate(token=token)
    assert again.value.kind == "used"
    response = sign_in("sloneczko@example.org")
    assert response.status_code == 302
    assert response.client.session["_auth_user_id"] == str(user.pk)


def test_an_expired_or_foreign_link_activates_nothing(facility: Facility):
    account = register(facility)
    registration.approve(actor=make_coordinator(), account=account)
    token = registration.activation_token(account.user)

    with (
        mock.patch.object(registration, "ACTIVATION_MAX_AGE", timedelta(seconds=-1)),
        pytest.raises(ActivationProblem) as expired,
    ):
        registration.activate(token=token)
    assert expired.value.kind == "expired"
    with pytest.raises(ActivationProblem) as invalid:
        registration.activate(token=token[:-2] + "xx")
    assert invalid.value.kind == "invalid"
    assert not User.objects.get(pk=account.user_id).is_active


def test_a_waiting_registrations_link_activates_nothing(facility: Facility):
    account = register(facility)

    with pytest.raises(ActivationProblem) as problem:
        registration.activate(token=registration.activation_token(account.user))

    assert problem.value.kind == "invalid"


def test_the_account_is_in_the_export_and_goes_with_it(facility: Facility):
    account = register(facility, informal_name="Słoneczko")
    registration.approve(actor=make_coordinator(), account=account)

    (row,) = export_data(account.user)["data"]["facility_account"]

    assert row["facility"] == facility.name
    assert row["manager_first_name"] == "Anna"
    assert row["manager_last_name"] == "Kowalska"
    assert row["status"] == "Approved"
    assert row["decided_at"] is not None
    delete_account(user=account.user)
    assert not FacilityAccount.objects.exists()
    assert Facility.objects.filter(pk=facility.pk).exists()


def test_a_deciding_coordinator_who_leaves_is_unlinked(facility: Facility):
    account = register(facility)
    coordinator = make_coordinator()
    registration.approve(actor=coordinator, account=account)

    delete_account(user=coordinator)

    account.refresh_from_db()
    assert account.decided_by is None
    assert account.status == AccountStatus.APPROVED


def test_the_demo_has_a_manager_who_signs_in_and_a_registration_that_waits():
    from gemeinwerk.programme import demo_accounts

    demo_accounts.seed()
    (login,) = demo_accounts.seed()  # again: refreshed, not duplicated

    assert login.role == "facility manager"
    assert FacilityAccount.objects.filter(status=AccountStatus.APPROVED).count() == 1
    assert FacilityAccount.objects.filter(status=AccountStatus.WAITING).count() == 1
    response = sign_in(login.username, login.password)
    assert response.status_code == 302
    assert Client().get("/en/facilities/mine/").status_code == 302
    assert response.client.get("/en/facilities/mine/").status_code == 200


def test_an_account_made_inactive_after_activation_is_not_woken_by_its_link(facility: Facility):
    account = register(facility)
    registration.approve(actor=make_coordinator(), account=account)
    token = registration.activation_token(account.user)
    registration.activate(token=token)
    User.objects.filter(pk=account.user_id).update(is_active=False)

    with pytest.raises(ActivationProblem) as problem:
        registration.activate(token=token)

    assert problem.value.kind == "used"
    assert "not active yet" not in sign_in("sloneczko@example.org").content.decode()
