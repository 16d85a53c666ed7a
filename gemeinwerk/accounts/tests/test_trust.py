"""Verification, suspension and restoration: the services and the database's own rules."""

import json
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gemeinwerk.accounts.models import (
    Decision,
    RequestOutcome,
    Session,
    TrustDecision,
    TrustLevel,
    User,
    VerificationMethod,
    VerificationRequest,
)
from gemeinwerk.accounts.services.trust import (
    close_verification_request,
    request_verification,
    restore_member,
    suspend_member,
    verify_member,
    withdraw_verification_request,
)
from gemeinwerk.accounts.tests.more_factories import (
    make_admin,
    make_contact_point,
    make_request,
    make_user,
    make_verified,
    signed_in,
    staff_of,
    url,
)
from gemeinwerk.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def refreshed(user: User) -> User:
    return User.objects.get(pk=user.pk)


def audit_text(event: AuditEvent) -> str:
    return json.dumps([event.before, event.after, event.target_id, event.action])


def verify(member: User, staff: User, contact_point: Any, **kwargs: Any) -> TrustDecision:
    arguments: dict[str, Any] = {
        "method": VerificationMethod.IN_PERSON,
        "house_rules_accepted": True,
        **kwargs,
    }
    return verify_member(member=member, staff=staff, contact_point=contact_point, **arguments)


# --- Asking for verification -----------------------------------------------------------


def test_request_verification_opens_a_request_for_the_chosen_contact_point():
    member = make_user()
    point = make_contact_point()

    request = request_verification(
        member=member, contact_point=point, preferred_method="video_call", message="  Abends  "
    )

    assert request.is_open
    assert (request.member, request.contact_point) == (member, point)
    assert request.preferred_method == "video_call"
    assert request.message == "Abends"
    assert request.outcome == ""


def test_a_new_request_replaces_the_open_one():
    member = make_user()
    first_point, second_point = make_contact_point(), make_contact_point()
    first = request_verification(
        member=member, contact_point=first_point, preferred_method="in_person"
    )

    second = request_verification(
        member=member, contact_point=second_point, preferred_method="in_person"
    )

    first.refresh_from_db()
    assert first.closed_at is not None
    assert first.outcome == RequestOutcome.WITHDRAWN
    assert first.closed_by is None
    assert list(VerificationRequest.objects.filter(member=member, closed_at__isnull=True)) == [
        second
    ]


@pytest.mark.parametrize("level", [TrustLevel.VERIFIED, TrustLevel.SUSPENDED])
def test_request_verification_is_refused_unless_unverified(level: str):
    member = make_user(trust_level=level)

    with pytest.raises(ValidationError) as error:
        request_verification(
            member=member, contact_point=make_contact_point(), preferred_method="in_person"
        )

    assert error.value.code == "not_needed"
    assert not VerificationRequest.objects.filter(member=member).exists()


def test_request_verification_validates_the_preferred_method():
    member = make_user()

    with pytest.raises(ValidationError):
        request_verification(
            member=member, contact_point=make_contact_point(), preferred_method="carrier_pigeon"
        )

    assert not VerificationRequest.objects.filter(member=member).exists()


def test_the_member_can_withdraw_their_open_request():
    member = make_user()
    request = make_request(member, make_contact_point())

    assert withdraw_verification_request(member=member) == 1

    request.refresh_from_db()
    assert request.outcome == RequestOutcome.WITHDRAWN
    assert withdraw_verification_request(member=member) == 0


# --- Verifying -------------------------------------------------------------------------


def test_verify_member_records_how_where_by_whom_and_when():
    point = make_contact_point()
    staff = staff_of(point)
    member = make_user()
    before = timezone.now()

    decision = verify(member, staff, point, method=VerificationMethod.VIDEO_CALL)

    decision.refresh_from_db()
    assert decision.decision == Decision.VERIFY
    assert decision.member == member
    assert decision.method == VerificationMethod.VIDEO_CALL
    assert decision.contact_point == point
    assert decision.decided_by == staff
    assert before <= decision.decided_at <= timezone.now()
    assert decision.house_rules_version == settings.HOUSE_RULES_VERSION
    assert decision.reason == ""
    assert refreshed(member).trust_level == TrustLevel.VERIFIED


def test_verify_member_closes_the_open_request_as_verified():
    point = make_contact_point()
    staff = staff_of(point)
    member = make_user()
    request = make_request(member, point)
    older = make_request(member, point, closed_at=timezone.now(), outcome=RequestOutcome.WITHDRAWN)

    verify(member, staff, point)

    request.refresh_from_db()
    older.refresh_from_db()
    assert request.outcome == RequestOutcome.VERIFIED
    assert request.closed_by == staff
    assert request.closed_at is not None
    assert older.outcome == RequestOutcome.WITHDRAWN, "a closed request keeps its outcome"


def test_verify_member_writes_exactly_one_audit_event_without_personal_data():
    point = make_contact_point()
    staff = staff_of(point)
    member = make_user(username="zofia_testowa_9", email="zofia.testowa@example.org")
    make_request(member, point, message="Ich heiße Zofia, Tel. 0711 4455667")

    decision = verify(member, staff, point)

    event = AuditEvent.objects.get()
    assert event.action == "member.verified"
    assert (event.actor, event.subject, event.on_behalf_of) == (staff, member, None)
    assert event.target_id == str(decision.pk)
    assert event.before == {"trust_level": TrustLevel.UNVERIFIED}
    assert event.after == {
        "trust_level": TrustLevel.VERIFIED,
        "method": VerificationMethod.IN_PERSON,
        "contact_point": point.pk,
        "house_rules_version": settings.HOUSE_RULES_VERSION,
    }
    text = audit_text(event).lower()
    for personal in ("zofia", "example.org", "4455667"):
        assert personal not in text


def test_verify_member_refuses_without_house_rules_acceptance():
    point = make_contact_point()
    staff = staff_of(point)
    member = make_user()
    request = make_request(member, point)

    with pytest.raises(ValidationError) as error:
        verify(member, staff, point, house_rules_accepted=False)

    assert error.value.code == "house_rules"
    assert refreshed(member).trust_level == TrustLevel.UNVERIFIED
    assert not TrustDecision.objects.exists()
    assert not AuditEvent.objects.exists()
    request.refresh_from_db()
    assert request.is_open


def test_staff_of_another_contact_point_cannot_verify_for_a_place_not_theirs():
    home, away = make_contact_point(), make_contact_point()
    staff = staff_of(away)
    member = make_user()

    with pytest.raises(PermissionDenied):
        verify(member, staff, home)

    assert refreshed(member).trust_level == TrustLevel.UNVERIFIED
    assert not TrustDecision.objects.exists()
    assert not AuditEvent.objects.exists()


def test_staff_may_verify_for_their_own_contact_point_whatever_the_request_said():
    # The person asked "home" but met the staff of "away": verified for "away".
    home, away = make_contact_point(), make_contact_point()
    staff = staff_of(away)
    member = make_user()
    request = make_request(member, home)

    decision = verify(member, staff, away)

    assert decision.contact_point == away
    request.refresh_from_db()
    assert request.outcome == RequestOutcome.VERIFIED


def test_a_member_without_a_role_cannot_verify_anybody():
    point = make_contact_point()
    member = make_user()

    with pytest.raises(PermissionDenied):
        verify(member, make_verified(), point)

    assert refreshed(member).trust_level == TrustLevel.UNVERIFIED


def test_an_admin_may_verify_for_any_contact_point():
    point = make_contact_point()
    member = make_user()

    verify(member, make_admin(), point)

    assert refreshed(member).trust_level == TrustLevel.VERIFIED


def test_nobody_verifies_themselves():
    point = make_contact_point()
    staff = staff_of(point, trust_level=TrustLevel.UNVERIFIED)

    with pytest.raises(PermissionDenied):
        verify(staff, staff, point)

    assert refreshed(staff).trust_level == TrustLevel.UNVERIFIED
    assert not TrustDecision.objects.exists()


@pytest.mark.parametrize("level", [TrustLevel.VERIFIED, TrustLevel.SUSPENDED])
def test_only_unverified_accounts_can_be_verified(level: str):
    point = make_contact_point()
    member = make_user(trust_level=level)

    with pytest.raises(ValidationError) as error:
        verify(member, staff_of(point), point)

    assert error.value.code == "not_unverified"
    assert refreshed(member).trust_level == level


def test_verify_member_refuses_an_unknown_method():
    point = make_contact_point()
    member = make_user()

    with pytest.raises(ValidationError):
        verify(member, staff_of(point), point, method="by_fax")

    assert refreshed(member).trust_level == TrustLevel.UNVERIFIED
    assert not TrustDecision.objects.exists()


# --- Suspending and restoring ------------------------------------------------------------


def test_suspend_needs_a_reason():
    staff = staff_of(make_contact_point())
    member = make_verified()

    with pytest.raises(ValidationError) as error:
        suspend_member(member=member, staff=staff, reason="   ")

    assert error.value.code == "reason"
    assert refreshed(member).trust_level == TrustLevel.VERIFIED
    assert not TrustDecision.objects.exists()


def test_suspend_records_the_reason_on_the_decision_but_not_in_the_audit_trail():
    staff = staff_of(make_contact_point())
    member = make_verified()
    reason = "Hat wiederholt Nachbarn beleidigt"

    decision = suspend_member(member=member, staff=staff, reason=f"  {reason} ")

    assert refreshed(member).trust_level == TrustLevel.SUSPENDED
    assert (decision.decision, decision.reason, decision.decided_by) == (
        Decision.SUSPEND,
        reason,
        staff,
    )
    event = AuditEvent.objects.get()
    assert event.action == "member.suspended"
    assert (event.actor, event.subject) == (staff, member)
    assert event.before == {"trust_level": TrustLevel.VERIFIED}
    assert event.after == {"trust_level": TrustLevel.SUSPENDED}
    assert "beleidigt" not in audit_text(event)


def test_suspend_ends_all_sessions_of_the_member():
    staff = staff_of(make_contact_point())
    member = make_verified()
    phone, laptop = signed_in(member), signed_in(member)
    bystander = signed_in(make_verified())
    assert Session.objects.filter(user=member).count() == 2

    suspend_member(member=member, staff=staff, reason="Spam")

    assert not Session.objects.filter(user=member).exists()
    for client in (phone, laptop):
        response = client.get(url("me:overview"))
        assert response.status_code == 302
        assert response["Location"].startswith(url("account_login"))
    assert bystander.get(url("me:overview")).status_code == 200


def test_a_suspended_member_cannot_be_suspended_again():
    staff = staff_of(make_contact_point())
    member = make_user(trust_level=TrustLevel.SUSPENDED)

    with pytest.raises(ValidationError) as error:
        suspend_member(member=member, staff=staff, reason="noch einmal")

    assert error.value.code == "already"
    assert not TrustDecision.objects.exists()


def test_staff_cannot_suspend_themselves_or_an_admin():
    staff = staff_of(make_contact_point())
    admin = make_admin()

    with pytest.raises(PermissionDenied):
        suspend_member(member=staff, staff=staff, reason="aus Versehen")
    with pytest.raises(PermissionDenied):
        suspend_member(member=admin, staff=staff, reason="Machtprobe")

    assert refreshed(staff).trust_level == TrustLevel.VERIFIED
    assert refreshed(admin).trust_level == TrustLevel.VERIFIED


def test_restore_returns_a_verified_member_to_verified():
    point = make_contact_point()
    staff = staff_of(point)
    member = make_user()
    verify(member, staff, point)
    suspend_member(member=member, staff=staff, reason="Streit")

    decision = restore_member(member=member, staff=staff, reason="Geklärt")

    assert refreshed(member).trust_level == TrustLevel.VERIFIED
    assert (decision.decision, decision.reason) == (Decision.RESTORE, "Geklärt")
    event = AuditEvent.objects.get(action="member.restored")
    assert event.after == {"trust_level": TrustLevel.VERIFIED}
    assert "Geklärt" not in audit_text(event)


def test_restore_returns_a_never_verified_member_to_unverified():
    staff = staff_of(make_contact_point())
    member = make_user()
    suspend_member(member=member, staff=staff, reason="Spam-Konto")

    restore_member(member=member, staff=staff)

    assert refreshed(member).trust_level == TrustLevel.UNVERIFIED
    assert AuditEvent.objects.get(action="member.restored").after == {
        "trust_level": TrustLevel.UNVERIFIED
    }


def test_a_verified_flag_alone_does_not_count_as_having_been_verified():
    # Verified without a recorded decision (e.g. set by hand): restoring needs a decision.
    staff = staff_of(make_contact_point())
    member = make_verified()
    suspend_member(member=member, staff=staff, reason="Spam")

    restore_member(member=member, staff=staff)

    assert refreshed(member).trust_level == TrustLevel.UNVERIFIED


@pytest.mark.parametrize("level", [TrustLevel.UNVERIFIED, TrustLevel.VERIFIED])
def test_only_suspended_members_can_be_restored(level: str):
    member = make_user(trust_level=level)

    with pytest.raises(ValidationError) as error:
        restore_member(member=member, staff=staff_of(make_contact_point()))

    assert error.value.code == "not_suspended"
    assert not TrustDecision.objects.exists()


# --- Closing requests --------------------------------------------------------------------


def test_close_verification_request_declines_it_on_the_record():
    point = make_contact_point()
    staff = staff_of(point)
    member = make_user()
    request = make_request(member, point, message="Privat: meine Adresse ist Gartenweg 3")

    close_verification_request(request=request, staff=staff)

    request.refresh_from_db()
    assert request.outcome == RequestOutcome.DECLINED
    assert request.closed_by == staff
    assert request.closed_at is not None
    assert refreshed(member).trust_level == TrustLevel.UNVERIFIED
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.subject) == (
        "verification_request.closed",
        staff,
        member,
    )
    assert event.after == {"outcome": RequestOutcome.DECLINED}
    assert "Gartenweg" not in audit_text(event)


def test_a_closed_request_cannot_be_closed_again():
    point = make_contact_point()
    staff = staff_of(point)
    request = make_request(make_user(), point)
    close_verification_request(request=request, staff=staff)

    with pytest.raises(ValidationError) as error:
        close_verification_request(request=request, staff=staff)

    assert error.value.code == "closed"
    assert AuditEvent.objects.count() == 1


# --- The database's own rules --------------------------------------------------------


def test_the_database_allows_one_open_request_per_member():
    member = make_user()
    point = make_contact_point()
    make_request(member, point)

    with pytest.raises(IntegrityError), transaction.atomic():
        VerificationRequest.objects.create(member=member, contact_point=point)

    # Closed requests do not count.
    make_request(member, point, closed_at=timezone.now(), outcome=RequestOutcome.WITHDRAWN)
    assert VerificationRequest.objects.filter(member=member).count() == 2


def test_the_database_requires_an_outcome_for_closed_requests():
    member = make_user()
    point = make_contact_point()

    with pytest.raises(IntegrityError), transaction.atomic():
        VerificationRequest.objects.create(
            member=member, contact_point=point, closed_at=timezone.now()
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        VerificationRequest.objects.create(
            member=member, contact_point=point, outcome=RequestOutcome.VERIFIED
        )


@pytest.mark.parametrize(
    "fields",
    [
        {"method": "", "house_rules_version": "2026-11"},
        {"method": VerificationMethod.IN_PERSON, "house_rules_version": ""},
    ],
    ids=["without-method", "without-house-rules-version"],
)
def test_the_database_refuses_a_verification_without_method_or_house_rules(fields: dict):
    member = make_user()

    with pytest.raises(IntegrityError), transaction.atomic():
        TrustDecision.objects.create(member=member, decision=Decision.VERIFY, **fields)


def test_the_database_refuses_a_suspension_without_reason():
    member = make_user()

    with pytest.raises(IntegrityError), transaction.atomic():
        TrustDecision.objects.create(member=member, decision=Decision.SUSPEND, reason="")

    TrustDecision.objects.create(member=member, decision=Decision.RESTORE, reason="")
    assert TrustDecision.objects.count() == 1


def test_decisions_are_listed_newest_first():
    member = make_user()
    older = TrustDecision.objects.create(
        member=member,
        decision=Decision.SUSPEND,
        reason="alt",
        decided_at=timezone.now() - timedelta(days=2),
    )
    newer = TrustDecision.objects.create(member=member, decision=Decision.RESTORE)

    assert list(TrustDecision.objects.filter(member=member)) == [newer, older]


# --- The member's page -------------------------------------------------------------------


def test_a_member_asks_a_contact_point_for_verification_through_the_page():
    member = make_user()
    point = make_contact_point()
    client = signed_in(member)

    response = client.post(
        url("me:verification"),
        {"contact_point": point.pk, "preferred_method": "in_person", "message": "Montags"},
    )

    assert response.status_code == 302, response.context["form"].errors
    assert response["Location"] == url("me:overview")
    request = VerificationRequest.objects.get(member=member)
    assert (request.contact_point, request.message, request.is_open) == (point, "Montags", True)
