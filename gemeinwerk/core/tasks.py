"""Background tasks of the platform core, run by `manage.py db_worker`."""

import logging
import smtplib
from datetime import timedelta
from typing import Any

from django.core.mail import mailers
from django.tasks import TaskContext, task, task_backends
from django.utils import timezone
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from gemeinwerk.core.mail import payload_to_message

logger = logging.getLogger(__name__)

DELIVERY_MAILER = "delivery"
# Minutes to wait before each new attempt: a mail server that is down for a few hours
# does not lose a confirmation e-mail.
RETRY_DELAYS = (1, 5, 30, 120, 360)


class DeliveryFailed(Exception):
    """An e-mail could not be delivered. Carries no address or text: the task's stored
    traceback and the worker's log must not hold them."""


def forget_arguments(context: TaskContext) -> None:
    """Blank a finished task's stored arguments: e-mails are not kept after the attempt."""
    result = context.task_result
    if isinstance(task_backends[result.backend], DatabaseBackend):
        DBTaskResult.objects.filter(id=result.id).update(args_kwargs={"args": [], "kwargs": {}})


def is_permanent(error: Exception) -> bool:
    """Trying again would only repeat the failure: the mail server refused for good
    (5xx), or the message itself cannot be built (a line break in a header raises
    `BadHeaderError`, a `ValueError`, as does an address that cannot be encoded)."""
    if isinstance(error, ValueError):
        return True
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _message in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


@task(takes_context=True)
def deliver_email(context: TaskContext, payload: dict[str, Any], attempt: int = 1) -> str:
    try:
        message = payload_to_message(payload)
        with mailers[DELIVERY_MAILER] as connection:
            connection.send_messages([message])
    except Exception as error:
        forget_arguments(context)
        kind = type(error).__name__
        retry = attempt <= len(RETRY_DELAYS) and not is_permanent(error)
        if not retry:
            logger.error("E-mail delivery failed for good (%s, attempt %d)", kind, attempt)
            raise DeliveryFailed(f"{kind} on attempt {attempt}") from None
        delay = timedelta(minutes=RETRY_DELAYS[attempt - 1])
        logger.warning("E-mail delivery failed (%s); retrying in %s", kind, delay)
        deliver_email.using(run_after=timezone.now() + delay).enqueue(payload, attempt + 1)
        return "retrying"
    forget_arguments(context)
    return "sent"
