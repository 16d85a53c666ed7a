"""Daily housekeeping, for cron (and run once by `make run`): meeting dates for the
months ahead, and deleting what the platform no longer needs. The jobs are registered
by the apps that own the data (gemeinwerk/core/housekeeping.py)."""

import logging
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gemeinwerk.core.housekeeping import jobs

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Daily housekeeping: every job the apps registered (meeting dates ahead, pruning)."

    def handle(self, *args: Any, **options: Any) -> None:
        failed = []
        for job in jobs():
            # One job's failure (a bug, a locked table) must not cost the others their
            # run: it is logged with its traceback, and the exit status tells cron.
            try:
                result = job.run()
            except Exception:
                logger.exception("daily housekeeping job %r failed", job.name)
                failed.append(job.name)
                self.stderr.write(f"{job.name}: failed")
                continue
            if options["verbosity"]:
                self.stdout.write(f"{job.name}: {result}")
        if failed:
            raise CommandError(f"{len(failed)} housekeeping job(s) failed: {', '.join(failed)}")
