"""Django's PostgreSQL backend with a short memory for outages.

When PostgreSQL cannot be reached, getting a connection waits for the pool's timeout
(two seconds, settings.py). One request may ask for a connection several times: a
signed-in visitor's session is loaded in a middleware, the answer's middleware asks
for the user again, and each ask would wait its own two seconds. So after the pool
failed to *open a new connection* because PostgreSQL could not be reached, for
BREAK_SECONDS, this process answers at once that the database is unreachable, unless
the pool holds a connection that is ready (it checks it before handing it out,
CONN_HEALTH_CHECKS). The visitor then gets the 503 page (gemeinwerk/core/outage.py)
within the pool's timeout, and requests do not pile up waiting while the database is
down.

What trips it is deliberately narrow:
- Only a failed attempt to open a connection, seen where the pool opens it (the
  pool's connection class, below). A PoolTimeout alone says nothing: every connection
  may simply be busy, and a busy pool must go on making requests wait their turn, not
  answer 503 to everyone for three seconds.
- Only failures that mean "unreachable" (postgresql/failures.py): a wrong password or
  a database that does not exist is a configuration error, not an outage.
- Only pooled connections. Unpooled ones (Django's `__no_db__` connection, with which
  the test runner creates the test database and which falls back from the `postgres`
  database to the project's own) connect directly and are never short-circuited.
"""

import threading
import time
from typing import Any

import psycopg
from django.db.backends.base.base import NO_DB_ALIAS
from django.db.backends.postgresql import base
from psycopg_pool import PoolTimeout

from gemeinwerk.core.postgresql.failures import connect_failure_is_outage

BREAK_SECONDS = 3.0

# Per alias: when the pool last failed to open a connection because PostgreSQL could
# not be reached, on the monotonic clock. Cleared by the next connection it opens.
_unreachable_since: dict[str, float] = {}
_lock = threading.Lock()
_connection_classes: dict[str, type[psycopg.Connection[Any]]] = {}


def record_connect_failure(alias: str) -> None:
    with _lock:
        _unreachable_since[alias] = time.monotonic()


def record_connect_success(alias: str) -> None:
    with _lock:
        _unreachable_since.pop(alias, None)


def unreachable_recently(alias: str) -> bool:
    failed_at = _unreachable_since.get(alias)
    return failed_at is not None and time.monotonic() - failed_at < BREAK_SECONDS


def watching_connection_class(
    alias: str, base_class: type[psycopg.Connection[Any]]
) -> type[psycopg.Connection[Any]]:
    """The pool's connection class for `alias`: notes whether opening succeeded."""
    with _lock:
        known = _connection_classes.get(alias)
        if known is not None and issubclass(known, base_class):
            return known

        class WatchedConnection(base_class):  # type: ignore[valid-type,misc]
            @classmethod
            def connect(cls, *args: Any, **kwargs: Any) -> Any:
                try:
                    connection = super().connect(*args, **kwargs)
                except Exception as error:
                    if connect_failure_is_outage(error):
                        record_connect_failure(alias)
                    raise
                record_connect_success(alias)
                return connection

        _connection_classes[alias] = WatchedConnection
        return WatchedConnection


class DatabaseWrapper(base.DatabaseWrapper):
    @property
    def pool(self) -> Any:
        pool = super().pool
        if pool is not None and not getattr(pool.connection_class, "_gemeinwerk_watched", False):
            # Set before the pool opens (get_new_connection opens it): the pool reads
            # connection_class each time it opens a connection.
            watched = watching_connection_class(self.alias, pool.connection_class)
            watched._gemeinwerk_watched = True  # type: ignore[attr-defined]
            pool.connection_class = watched
        return pool

    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        if self.alias == NO_DB_ALIAS or self.pool is None:
            return super().get_new_connection(conn_params)
        if unreachable_recently(self.alias) and self.pool.get_stats().get("pool_available", 0) == 0:
            raise self.Database.OperationalError(
                "PostgreSQL was unreachable a moment ago; not waiting again yet"
            )
        try:
            return super().get_new_connection(conn_params)
        except PoolTimeout:
            # Waited in vain while the pool's last attempt to open a connection had
            # failed (none succeeded since): still down, so the break starts again. The
            # pool retries ever more slowly, and its failures alone would let every few
            # seconds' requests wait the whole timeout again. A busy pool with
            # PostgreSQL up has no failure noted, and is left alone.
            with _lock:
                if self.alias in _unreachable_since:
                    _unreachable_since[self.alias] = time.monotonic()
            raise
