"""Background tasks of the chat, run by `manage.py db_worker`."""

from django.tasks import task


@task()
def tell_unread(participant_id: int) -> str:
    # Imported here: the service module enqueues this task.
    from gemeinwerk.chat.services.conversations import tell_if_unread

    return tell_if_unread(participant_id=participant_id)
