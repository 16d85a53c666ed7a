"""Build the demo city and one login per role; running it again refreshes, never duplicates."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from gemeinwerk.core.demo import DemoLogin, seed_all


class Command(BaseCommand):
    help = "Create or refresh the demo data and print the demo logins (idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--quiet", action="store_true", help="Do not print the logins.")

    def handle(self, *args: Any, quiet: bool = False, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError(
                "seed_demo creates logins with published passwords; "
                "it does not run with GEMEINWERK_ENV=production."
            )
        with transaction.atomic():
            logins = seed_all()
        if not quiet:
            self.stdout.write(format_logins(logins))


def format_logins(logins: list[DemoLogin]) -> str:
    rows: list[tuple[str, ...]] = [("Role", "User name", "Password", "Two-factor (TOTP) secret")]
    rows += [(login.role, login.username, login.password, login.totp_secret) for login in logins]
    if not any(login.totp_secret for login in logins):
        rows = [row[:3] for row in rows]
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = ["", "Demo logins (demo data only; every run of seed_demo resets them):"]
    for number, row in enumerate(rows):
        cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        lines.append("  " + "  ".join(cells).rstrip())
        if number == 0:
            lines.append("  " + "  ".join("-" * width for width in widths))
    return "\n".join(lines) + "\n"
