"""Load the help centre's starter articles that are missing (never overwrites what
staff changed): run once after installing, and after an update that brings new ones."""

from typing import Any

from django.core.management.base import BaseCommand

from gemeinwerk.help import starter


class Command(BaseCommand):
    help = "Load the help centre's starter articles that are missing."

    def handle(self, *args: Any, **options: Any) -> None:
        written = starter.load(overwrite=False)
        self.stdout.write(f"{written} help articles loaded")
