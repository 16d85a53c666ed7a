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
# Minutes to wait before each new attempt; a mail server that is down for a while
# does not lose a confirmation e-mail.
RETRY_DELAYS = (1, 5, 30, 120)


def forget_arguments(context: TaskContext) -> None:
    """Blank a finished task's stored arguments: e-mails are not kept after delivery."""
    result = context.task_result
    if isinstance(task_backends[result.backend], DatabaseBackend):
        DBTaskResult.objects.filter(id=result.id).update(args_kwargs={"args": [], "kwargs": {}})


@task(takes_context=True)
def deliver_email(context: TaskContext, payload: dict[str, Any], attempt: int = 1) -> str:
    message = payload_to_message(payload)
    try:
        with mailers[DELIVERY_MAILER] as connection:
            connection.send_messages([message])
    except (OSError, smtplib.SMTPException) as error:
        if attempt > len(RETRY_DELAYS):
            raise
        delay = timedelta(minutes=RETRY_DELAYS[attempt - 1])
        logger.warning("E-mail delivery failed (%s); retrying in %s", type(error).__name__, delay)
        deliver_email.using(run_after=timezone.now() + delay).enqueue(payload, attempt + 1)
        forget_arguments(context)
        return "retrying"
    forget_arguments(context)
    return "sent"
