"""E-mail leaves through a background task, and only after the transaction commits.

The "default" mailer is the queue, so everything that sends mail (Django, allauth, our
services) goes the same way; the `deliver_email` task hands the message to the
"delivery" mailer that `EMAIL_URL` configures (SMTP in production, the console in
development).
"""

import base64
from collections.abc import Sequence
from functools import partial
from typing import Any

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django_tasks_db import DatabaseBackend


def message_to_payload(message: EmailMessage) -> dict[str, Any]:
    """A JSON-safe copy of a message, for the task queue."""
    attachments = []
    for attachment in message.attachments:
        if not isinstance(attachment, tuple):
            raise TypeError("Only (filename, content, mimetype) attachments can be queued.")
        filename, content, mimetype = attachment
        raw = content.encode() if isinstance(content, str) else content
        attachments.append([filename, base64.b64encode(raw).decode("ascii"), mimetype])
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "content_subtype": message.content_subtype,
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": {str(key): str(value) for key, value in message.extra_headers.items()},
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        "attachments": attachments,
    }


def payload_to_message(payload: dict[str, Any]) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["body"],
        from_email=payload["from_email"],
        to=payload["to"],
        cc=payload["cc"],
        bcc=payload["bcc"],
        reply_to=payload["reply_to"],
        headers=payload["headers"],
    )
    message.content_subtype = payload["content_subtype"]
    for content, mimetype in payload["alternatives"]:
        message.attach_alternative(content, mimetype)
    for filename, content, mimetype in payload["attachments"]:
        message.attach(filename, base64.b64decode(content), mimetype)
    return message


class QueuedEmailBackend(BaseEmailBackend):
    """Queues each message for the `deliver_email` task.

    With the database task backend the task row is written in the current transaction
    (an outbox): it commits or rolls back together with the change that caused the
    e-mail, and the worker sees it only after the commit. Nothing is lost if the process
    dies right after the commit. Other backends get the task after the commit.
    """

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        from gemeinwerk.core.tasks import deliver_email

        outbox = isinstance(deliver_email.get_backend(), DatabaseBackend)
        count = 0
        for message in email_messages:
            if not message.recipients():
                continue
            payload = message_to_payload(message)
            if outbox:
                deliver_email.enqueue(payload)
            else:
                transaction.on_commit(partial(deliver_email.enqueue, payload))
            count += 1
        return count
