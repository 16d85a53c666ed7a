import json
import smtplib
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMessage, EmailMultiAlternatives, send_mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from hypothesis import given
from hypothesis import strategies as st

from gemeinwerk.core.mail import message_to_payload, payload_to_message
from gemeinwerk.core.tasks import RETRY_DELAYS, deliver_email

IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages: Any) -> int:
        raise ConnectionRefusedError("mail server down")


class RejectingBackend(BaseEmailBackend):
    """A mail server that refuses the recipient for good, naming it in the error."""

    def send_messages(self, email_messages: Any) -> int:
        raise smtplib.SMTPRecipientsRefused(
            {message.to[0]: (550, b"no such mailbox") for message in email_messages}
        )


def mailers_delivering_to(backend: str) -> dict[str, dict[str, str]]:
    return {
        "default": {"BACKEND": "gemeinwerk.core.mail.QueuedEmailBackend"},
        "delivery": {"BACKEND": backend},
    }


@pytest.fixture
def queued_mail(settings: Any) -> None:
    """Mail as configured for real use: queued, then delivered by a task (here to the outbox).

    Django's test set-up makes every mailer write to the outbox directly; this puts the
    queue back in front."""
    settings.MAILERS = mailers_delivering_to("django.core.mail.backends.locmem.EmailBackend")


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


@pytest.mark.django_db
def test_mail_leaves_only_after_the_commit(
    queued_mail: None, settings: Any, django_capture_on_commit_callbacks: Any
):
    settings.TASKS = IMMEDIATE_TASKS

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        send_mail("Willkommen", "Hallo!", None, ["mila@example.org"])
        assert mail.outbox == []

    assert len(callbacks) == 1
    assert [(m.subject, m.to) for m in mail.outbox] == [("Willkommen", ["mila@example.org"])]


@pytest.mark.django_db
def test_mail_of_a_rolled_back_transaction_is_never_sent(
    queued_mail: None, settings: Any, django_capture_on_commit_callbacks: Any
):
    settings.TASKS = IMMEDIATE_TASKS

    def change_that_fails() -> None:
        with transaction.atomic():
            send_mail("Willkommen", "Hallo!", None, ["mila@example.org"])
            raise RuntimeError("the surrounding change failed")

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        change_that_fails()

    assert callbacks == []
    assert mail.outbox == []


@pytest.mark.django_db
def test_queued_mail_is_part_of_the_transaction(queued_mail: None):
    """With the database task backend the queue is an outbox: the e-mail commits or
    rolls back with the change that caused it."""

    def change_that_fails() -> None:
        with transaction.atomic():
            send_mail("Willkommen", "Hallo!", None, ["mila@example.org"])
            assert DBTaskResult.objects.count() == 1
            raise RuntimeError("the surrounding change failed")

    with pytest.raises(RuntimeError):
        change_that_fails()

    assert DBTaskResult.objects.count() == 0
    with transaction.atomic():
        send_mail("Willkommen", "Hallo!", None, ["mila@example.org"])
    assert DBTaskResult.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_worker_delivers_and_then_forgets_the_message(queued_mail: None):
    send_mail("Bestätigung", "Ihr Link: https://example.org/confirm/abc", None, ["b@example.org"])
    queued = DBTaskResult.objects.get()
    assert queued.args_kwargs["args"][0]["to"] == ["b@example.org"]
    assert mail.outbox == []

    run_worker()

    assert [(m.subject, m.to) for m in mail.outbox] == [("Bestätigung", ["b@example.org"])]
    queued.refresh_from_db()
    assert queued.status == TaskResultStatus.SUCCESSFUL
    assert queued.return_value == "sent"
    assert "b@example.org" not in json.dumps(queued.args_kwargs)


@pytest.mark.django_db(transaction=True)
def test_failed_delivery_is_retried_later_not_lost(queued_mail: None, settings: Any):
    settings.MAILERS = mailers_delivering_to(f"{__name__}.RefusingBackend")
    send_mail("Bestätigung", "Text", None, ["c@example.org"])
    before = timezone.now()

    run_worker()

    first, retry = DBTaskResult.objects.order_by("enqueued_at")
    assert first.status == TaskResultStatus.SUCCESSFUL
    assert first.return_value == "retrying"
    assert "c@example.org" not in json.dumps(first.args_kwargs)
    assert retry.status == TaskResultStatus.READY
    assert retry.args_kwargs["args"][1] == 2
    assert retry.run_after >= before + timedelta(minutes=RETRY_DELAYS[0])
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_delivery_fails_for_good_after_the_last_retry_and_keeps_no_trace(
    queued_mail: None, settings: Any
):
    settings.MAILERS = mailers_delivering_to(f"{__name__}.RefusingBackend")
    payload = message_to_payload(EmailMessage("S", "B", "from@example.org", ["d@example.org"]))
    deliver_email.enqueue(payload, len(RETRY_DELAYS) + 1)

    run_worker()

    failed = DBTaskResult.objects.get()
    assert failed.status == TaskResultStatus.FAILED
    assert failed.exception_class_path == "gemeinwerk.core.tasks.DeliveryFailed"
    assert "d@example.org" not in json.dumps(failed.args_kwargs) + failed.traceback


@pytest.mark.django_db(transaction=True)
def test_permanent_refusal_is_not_retried_and_keeps_no_trace(
    queued_mail: None, settings: Any, caplog: pytest.LogCaptureFixture
):
    settings.MAILERS = mailers_delivering_to(f"{__name__}.RejectingBackend")
    send_mail("Bestätigung", "Text", None, ["gone@example.org"])

    run_worker()

    failed = DBTaskResult.objects.get()
    assert failed.status == TaskResultStatus.FAILED
    assert "gone@example.org" not in json.dumps(failed.args_kwargs) + failed.traceback
    assert "gone@example.org" not in caplog.text


class HeaderRefusingBackend(BaseEmailBackend):
    """A backend that finds a header it cannot send. Django raises ValueError (formerly
    its subclass BadHeaderError, deprecated since Django 6.0)."""

    def send_messages(self, email_messages: Any) -> int:
        raise ValueError("Header values may not contain linefeed or carriage return characters")


@pytest.mark.parametrize(
    ("backend", "subject"),
    [
        # The message cannot even be built: a group name with a line break in the subject.
        (
            "django.core.mail.backends.locmem.EmailBackend",
            "Anfrage für „Trauer\r\nBcc: x@example.org“",
        ),
        (f"{__name__}.HeaderRefusingBackend", "Anfrage"),
    ],
)
@pytest.mark.django_db(transaction=True)
def test_a_message_that_cannot_be_sent_is_not_retried_and_keeps_no_trace(
    queued_mail: None, settings: Any, caplog: pytest.LogCaptureFixture, backend: str, subject: str
):
    settings.MAILERS = mailers_delivering_to(backend)
    send_mail(subject, "Text", None, ["office@example.org"])

    run_worker()

    failed = DBTaskResult.objects.get()  # no retry was queued
    assert failed.status == TaskResultStatus.FAILED
    assert failed.exception_class_path == "gemeinwerk.core.tasks.DeliveryFailed"
    assert mail.outbox == []
    for detail in ("office@example.org", "Anfrage", "Trauer"):
        assert detail not in json.dumps(failed.args_kwargs) + failed.traceback + caplog.text


def test_message_survives_the_queue_with_every_part():
    message = EmailMultiAlternatives(
        subject="Termin",
        body="Text",
        from_email="Gemeinwerk <noreply@example.org>",
        to=["a@example.org"],
        cc=["b@example.org"],
        bcc=["c@example.org"],
        reply_to=["team@example.org"],
        headers={"X-Gemeinwerk": "1"},
    )
    message.attach_alternative("<p>Text</p>", "text/html")
    message.attach("termin.ics", "BEGIN:VCALENDAR", "text/calendar")
    message.attach("bild.png", b"\x89PNG\r\n", "image/png")

    copy = payload_to_message(json.loads(json.dumps(message_to_payload(message))))

    assert copy.message().as_bytes().count(b"Content-Type") == message.message().as_bytes().count(
        b"Content-Type"
    )
    assert (copy.subject, copy.body, copy.from_email) == (
        message.subject,
        "Text",
        message.from_email,
    )
    assert (copy.to, copy.cc, copy.bcc, copy.reply_to) == (
        message.to,
        message.cc,
        message.bcc,
        message.reply_to,
    )
    assert copy.extra_headers == {"X-Gemeinwerk": "1"}
    assert [tuple(a) for a in copy.alternatives] == [("<p>Text</p>", "text/html")]
    assert [(a[0], a[1], a[2]) for a in copy.attachments] == [
        ("termin.ics", "BEGIN:VCALENDAR", "text/calendar"),
        ("bild.png", b"\x89PNG\r\n", "image/png"),
    ]


@given(subject=st.text(max_size=200), body=st.text(max_size=2000))
def test_any_text_survives_the_queue(subject: str, body: str):
    message = EmailMessage(subject.replace("\n", " "), body, "a@example.org", ["b@example.org"])

    copy = payload_to_message(json.loads(json.dumps(message_to_payload(message))))

    assert (copy.subject, copy.body) == (message.subject, message.body)
