"""Background tasks of the notifications app, run by `manage.py db_worker`."""

from django.tasks import task


@task()
def send_notification(notification_id: int) -> str:
    # Imported here: the service module enqueues this task.
    from gemeinwerk.notifications.services import send_instant

    return send_instant(notification_id=notification_id)


@task()
def send_digests() -> int:
    from gemeinwerk.notifications.services import send_digests as send

    return send()
