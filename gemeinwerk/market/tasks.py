"""Background tasks of neighbourhood help, run by `manage.py db_worker`."""

from django.tasks import task


@task()
def check_visit(visit_id: int) -> str:
    # Imported here: the service module enqueues this task.
    from gemeinwerk.market.services.visits import alert_if_missed

    return alert_if_missed(visit_id=visit_id)
