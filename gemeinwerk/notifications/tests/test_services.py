"""Telling people things: a notification shows in the person's list at once; the e-mail
goes out after the commit, at once or in the day's digest, as they chose; one click in
an e-mail stops that kind without signing in; staff pass on what an assisted member
without e-mail would have read."""

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.test import Client
from django.utils import timezone

from gemeinwerk.accounts.tests.more_factories import (
    assisted_member,
    make_contact_point,
    make_verified,
    staff_of,
)
from gemeinwerk.audit.models import AuditEvent
from gemeinwerk.notifications import emails, selectors, services
from gemeinwerk.notifications.models import Channel, EmailSettings, Notification, Preference

pytestmark = pytest.mark.django_db

VERIFIED = "accounts.verified"
CLOSED = "accounts.verification_request_closed"


def accounts_kinds(channels: dict[str, Channel]) -> dict[str, Channel]:
    return {key: channel for key, channel in channels.items() if key in (VERIFIED, CLOSED)}


def tell(user: Any, kind: str = VERIFIED, place: str = "Begegnungszentrum") -> Notification:
    return services.notify(user, kind, params={"place": place}, path="/me/")


def test_a_notification_is_in_the_list_at_once_and_its_email_after_the_commit(
    django_capture_on_commit_callbacks: Any,
):
    member = make_verified(email="ruth@example.org")

    with django_capture_on_commit_callbacks() as callbacks:
        notification = tell(member)
        assert selectors.unread_count(member) == 1
    assert notification.channel == Channel.INSTANT  # the kind's default
    # The e-mail task is queued, and open pages hear the new count, only once committed.
    assert len(callbacks) == 2

    assert services.send_instant(notification_id=notification.pk) == "sent"
    assert services.send_instant(notification_id=notification.pk) == "sent already"
    (message,) = mail.outbox
    assert message.to == ["ruth@example.org"]
    assert "Begegnungszentrum" in message.body
    assert message.body.startswith("Guten Tag,")  # the installation's default language


def test_the_email_speaks_the_recipients_language_and_has_a_one_click_unsubscribe():
    member = make_verified(email="ola@example.org")
    EmailSettings.objects.create(user=member, language="pl")

    services.send_instant(notification_id=tell(member).pk)

    (message,) = mail.outbox
    assert message.body.startswith("Dzień dobry,")
    assert "/pl/me/" in message.body  # the link in the reader's language
    key = EmailSettings.objects.get(user=member).unsubscribe_key
    assert message.extra_headers["List-Unsubscribe"] == (
        f"<http://127.0.0.1:8000/pl/notifications/unsubscribe/{key}/{VERIFIED}/>"
    )
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert isinstance(message, EmailMultiAlternatives)
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="pl">' in str(html)
    assert "<img" not in str(html)  # nothing that reports back when the e-mail is read


def test_three_events_make_one_digest_and_a_second_run_sends_nothing():
    member = make_verified(email="digest@example.org")
    other = make_verified(email="instant@example.org")
    services.set_preferences(
        user=member, channels={VERIFIED: Channel.DIGEST, CLOSED: Channel.DIGEST}
    )
    for place in ("Nord", "Süd"):
        tell(member, place=place)
    tell(member, CLOSED, place="West")
    tell(other)  # instant: not part of any digest

    assert services.send_digests() == 1
    assert services.send_digests() == 0

    (digest,) = mail.outbox
    assert digest.to == ["digest@example.org"]
    assert "3" in digest.subject
    for place in ("Nord", "Süd", "West"):
        assert place in digest.body
    assert Notification.objects.filter(recipient=member, emailed_at__isnull=True).count() == 0


def test_a_digest_leaves_out_what_arrives_after_its_moment():
    member = make_verified(email="digest@example.org")
    services.set_preferences(user=member, channels={VERIFIED: Channel.DIGEST})
    early = tell(member)
    moment = timezone.now()
    late = tell(member)
    late.created_at = moment + timedelta(seconds=1)
    late.save(update_fields=["created_at"])

    assert services.send_digests(now=moment) == 1

    early.refresh_from_db()
    late.refresh_from_db()
    assert early.emailed_at is not None
    assert late.emailed_at is None


def test_the_unsubscribe_link_works_without_signing_in_and_changes_only_that_kind():
    member = make_verified(email="ruth@example.org")
    services.set_preferences(
        user=member, channels={VERIFIED: Channel.INSTANT, CLOSED: Channel.DIGEST}
    )
    link = emails.unsubscribe_url(emails.email_settings(member), VERIFIED)
    path = link.removeprefix("http://127.0.0.1:8000")

    asked = Client().get(path)
    # A mail program's one-click POST (RFC 8058): no session, no CSRF token.
    done = Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})

    assert asked.status_code == 200
    assert done.status_code == 200
    assert accounts_kinds(selectors.channels(member)) == {
        VERIFIED: Channel.APP,
        CLOSED: Channel.DIGEST,
    }
    tell(member)
    assert services.send_digests() == 0  # shows on the platform only


def test_an_unknown_unsubscribe_key_changes_nothing():
    member = make_verified()
    emails.email_settings(member)

    response = Client().post(f"/en/notifications/unsubscribe/not-a-key/{VERIFIED}/")

    assert response.status_code == 404
    assert not Preference.objects.exists()


def test_the_digest_link_moves_every_digest_kind_to_the_platform_only():
    member = make_verified(email="ruth@example.org")
    services.set_preferences(
        user=member, channels={VERIFIED: Channel.DIGEST, CLOSED: Channel.INSTANT}
    )
    key = emails.email_settings(member).unsubscribe_key

    services.unsubscribe(key=key, kind=emails.EVERY_DIGEST)

    assert accounts_kinds(selectors.channels(member)) == {
        VERIFIED: Channel.APP,
        CLOSED: Channel.INSTANT,
    }


def test_a_notification_for_an_assisted_member_without_email_waits_for_staff():
    office = make_contact_point()
    member = assisted_member(office, email="")
    staff = staff_of(office)
    stranger = staff_of(make_contact_point())
    notification = tell(member)

    assert list(selectors.to_pass_on(member)) == [notification]
    with pytest.raises(PermissionDenied):
        services.pass_on(staff=stranger, notification=notification)
    services.pass_on(staff=staff, notification=notification)

    notification.refresh_from_db()
    assert notification.passed_on_by == staff
    assert notification.passed_on_at is not None
    assert list(selectors.to_pass_on(member)) == []
    assert AuditEvent.objects.filter(action="notification.passed_on", subject=member).count() == 1
    assert services.send_instant(notification_id=notification.pk) == "no address"
    assert mail.outbox == []


def test_a_member_with_email_is_not_passed_on_to():
    office = make_contact_point()
    member = assisted_member(office, email="has@example.org")
    notification = tell(member)

    with pytest.raises((PermissionDenied, ValidationError)):
        services.pass_on(staff=staff_of(office), notification=notification)


def test_staff_verifying_a_member_tells_the_member(django_capture_on_commit_callbacks: Any):
    from gemeinwerk.accounts.services.trust import verify_member
    from gemeinwerk.accounts.tests.more_factories import make_user

    office = make_contact_point(name="Begegnungszentrum Nord")
    member = make_user(email="neu@example.org")

    with django_capture_on_commit_callbacks(execute=False):
        verify_member(
            member=member,
            staff=staff_of(office),
            method="in_person",
            contact_point=office,
            house_rules_accepted=True,
        )

    (notification,) = Notification.objects.filter(recipient=member)
    assert notification.kind == VERIFIED
    assert notification.params == {"place": "Begegnungszentrum Nord"}


def test_an_unknown_kind_or_a_foreign_link_is_refused():
    member = make_verified()

    with pytest.raises(LookupError):
        services.notify(member, "nobody.knows")
    with pytest.raises(ValueError, match="path"):
        services.notify(member, VERIFIED, path="https://elsewhere.example/")


@pytest.mark.parametrize(
    ("stored", "language", "shown"),
    [("/me/", "pl", "/pl/me/"), ("/pl/me/", "de", "/me/"), ("/en/me/", "en", "/en/me/")],
)
def test_a_stored_path_opens_in_the_readers_language(stored: str, language: str, shown: str):
    from gemeinwerk.notifications.texts import path_in

    assert path_in(stored, language) == shown
    assert path_in("/no/such/page/", language) == "/no/such/page/"


def test_notifications_and_choices_are_in_the_export_and_go_with_the_account():
    from gemeinwerk.accounts import personal_data
    from gemeinwerk.accounts.services.leaving import delete_account

    member = make_verified(email="ruth@example.org")
    services.set_preferences(user=member, channels={VERIFIED: Channel.DIGEST}, language="pl")
    tell(member, place="Begegnungszentrum")

    data = personal_data.export_data(member)["data"]

    (exported,) = data["notifications"]
    assert exported["kind"] == VERIFIED
    assert exported["details"] == {"place": "Begegnungszentrum"}
    assert data["notification_settings"] == {VERIFIED: Channel.DIGEST}
    assert data["email_settings"] == [{"language": "pl"}]

    delete_account(user=member)

    assert not Notification.objects.exists()
    assert not Preference.objects.exists()
    assert not EmailSettings.objects.exists()
