"""SQLite: what is deleted leaves the disk too.

SQLite only marks deleted rows as free space, and in WAL mode every changed page is
appended to the -wal file first: after a member deletes their account, their e-mail
address can still be read from both files (33 copies were found in one test). With
`secure_delete` SQLite overwrites deleted content with zeros; a truncating checkpoint
after the deletion moves the pages into the database file and empties the -wal file.
PostgreSQL works differently: see "Deleted data on disk" in docs/operations.md.
"""

import logging
from typing import Any

from django.db import connections
from django.db.backends.signals import connection_created

logger = logging.getLogger(__name__)


def _secure_delete(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete = ON")


def enable_secure_delete() -> None:
    # Per connection: the pragma is not stored in the database file.
    connection_created.connect(_secure_delete, dispatch_uid="gemeinwerk.core.sqlite")


def truncate_write_ahead_log(using: str = "default") -> None:
    """Copy the -wal file into the database and empty it; a no-op on other databases.
    Call it after a commit that deleted personal data."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        busy, _pages, _moved = cursor.fetchone()
    if busy:
        # Another connection still reads an older state: the next checkpoint (SQLite
        # runs one every 1000 pages) overwrites the rest.
        logger.warning("the SQLite write-ahead log could not be emptied: it is in use")
