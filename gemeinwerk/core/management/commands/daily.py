"""Daily housekeeping, for cron (and run once by `make run`): meeting dates for the
months ahead, and deleting what the platform no longer needs."""

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from gemeinwerk.groups.services.meetings import extend_all_series
from gemeinwerk.groups.services.requests import prune_join_requests
from gemeinwerk.meetings.services import prune_room_removals

# Finished task rows (e-mails already blanked) are kept a week for troubleshooting.
TASK_RESULT_DAYS = 7


class Command(BaseCommand):
    help = "Daily housekeeping: meeting dates ahead, pruning of old requests and task rows."

    def handle(self, *args: Any, **options: Any) -> None:
        dates = extend_all_series()
        requests = prune_join_requests()
        prune_room_removals()
        call_command(
            "prune_db_task_results",
            min_age_days=TASK_RESULT_DAYS,
            verbosity=0,
        )
        if options["verbosity"]:
            self.stdout.write(
                f"{dates} meeting date(s) added, {requests} handled join request(s) deleted, "
                f"task results older than {TASK_RESULT_DAYS} days pruned."
            )
