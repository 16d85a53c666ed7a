"""Background tasks of the groups app, run by `manage.py db_worker`."""

from django.tasks import task


@task()
def notify_office(group_id: int) -> str:
    """Tell a group's contact point about new requests to join (idempotent: see
    `services.requests.notify_office`)."""
    # Imported here: the service module enqueues this task.
    from gemeinwerk.groups.services.requests import notify_office as notify

    return notify(group_id=group_id)


@task()
def remind_followers(occurrence_id: int) -> str:
    """Remind the people who asked of a date (idempotent: see `services.followers.remind`)."""
    from gemeinwerk.groups.services.followers import remind

    return remind(occurrence_id=occurrence_id)
