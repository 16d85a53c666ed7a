"""Daily housekeeping jobs, run by `manage.py daily` (cron, and once by `make run`).

Each app registers its jobs from its AppConfig.ready() with register_job(): a short
name and a function that does the work and returns what it did, a count or a short text
(printed after the name). The jobs run in the order they were registered (the order of
INSTALLED_APPS); each job is on its own, so one that fails does not keep the others
from running.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.management import call_command

# Finished task rows (e-mails already blanked) are kept a week for troubleshooting.
TASK_RESULT_DAYS = 7


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[], int | str]


_jobs: dict[str, Job] = {}


def register_job(name: str, run: Callable[[], int | str]) -> None:
    if name in _jobs:
        raise ValueError(f"housekeeping job {name!r} registered twice")
    _jobs[name] = Job(name, run)


def jobs() -> list[Job]:
    return list(_jobs.values())


def prune_task_results() -> str:
    call_command("prune_db_task_results", min_age_days=TASK_RESULT_DAYS, verbosity=0)
    return f"older than {TASK_RESULT_DAYS} days"


# Core's own job: the task queue (django-tasks-db) belongs to the platform.
register_job("task results pruned", prune_task_results)
