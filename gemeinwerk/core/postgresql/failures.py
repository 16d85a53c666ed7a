"""Which PostgreSQL errors mean "the database cannot be reached", as opposed to a
database that answers and refuses one statement (a deadlock, a statement timeout, a
lock not available, a serialization failure) or a configuration error (a wrong
password, a database that does not exist). Only the first is an outage: a 503 page
and the fast-fail in base.py; the others stay errors, logged with their traceback.
"""

from typing import Any

# SQLSTATEs of a server that is there but cannot serve: shutting down or restarting
# (57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now) and full
# (53300 too_many_connections). All of class 08 (connection exception) counts too.
UNREACHABLE_SQLSTATES = frozenset({"57P01", "57P02", "57P03", "53300"})

# A failed connection attempt carries no SQLSTATE in psycopg: libpq puts the server's
# answer into the message only. A server that answered "FATAL: ..." was reached; it
# refused for a reason of its own (authentication, no such database), which is a
# configuration error, not an outage, unless it is one of these answers
# (57P03 starting up / shutting down / in recovery, 53300 too many clients). The
# texts are the server's English messages (lc_messages=C/en, the default for the
# server log and for clients of the packaged server).
_REACHED_MARKER = "FATAL:"
_UNREACHABLE_ANSWERS = (
    "the database system is starting up",
    "the database system is shutting down",
    "the database system is in recovery mode",
    "the database system is not yet accepting connections",
    "the database system is not accepting connections",
    "too many clients already",
    "remaining connection slots are reserved",
)


def is_unreachable_sqlstate(sqlstate: str | None) -> bool:
    return sqlstate is None or sqlstate.startswith("08") or sqlstate in UNREACHABLE_SQLSTATES


def connect_failure_is_outage(error: BaseException) -> bool:
    """For an error raised while opening a new connection: True when PostgreSQL could
    not be reached (refused, timed out, cut, starting up, full), False when it answered
    and refused for a reason that waiting will not cure."""
    sqlstate: Any = getattr(error, "sqlstate", None)
    if sqlstate is not None:
        return is_unreachable_sqlstate(sqlstate)
    message = str(error)
    if _REACHED_MARKER not in message:
        return True
    return any(answer in message for answer in _UNREACHABLE_ANSWERS)
