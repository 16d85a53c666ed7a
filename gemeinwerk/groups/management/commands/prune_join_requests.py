"""Delete handled requests to join a group after the retention time (run daily)."""

from typing import Any

from django.core.management.base import BaseCommand

from gemeinwerk.groups.services.requests import RETENTION, prune_join_requests


class Command(BaseCommand):
    help = f"Delete requests to join a group handled more than {RETENTION.days} days ago."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = prune_join_requests()
        self.stdout.write(f"{deleted} request(s) deleted.")
