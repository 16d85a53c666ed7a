"""The checks behind /healthz: database, cache, channel layer and task backend.

Each check answers within a few seconds and reports only a state and the kind of
backend, never an error text (it might reveal hosts or credentials); the error type
goes to the log.

Blocking calls (database, cache) run in a thread pool of their own, not through
`sync_to_async` (its calls cannot be abandoned) nor the loop's default pool (a closing
loop waits for it): a database that hangs must not hold up the answer. An abandoned
thread ends by itself at the driver's timeout.
"""

import asyncio
import logging
import secrets
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

from channels.layers import get_channel_layer
from django.core.cache import caches
from django.db import connection
from django.db.models import Case, Count, F, Min, When
from django.db.models.functions import Greatest
from django.tasks import task_backends
from django.utils import timezone
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max

logger = logging.getLogger(__name__)
TIMEOUT_SECONDS = 3.0
# A task that waited longer than this for a worker means no worker runs.
TASK_WAIT_LIMIT = timedelta(minutes=10)

Report = dict[str, Any]
BLOCKING_CALLS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="healthz")


async def in_thread(function: Callable[[], Report]) -> Report:
    return await asyncio.get_running_loop().run_in_executor(BLOCKING_CALLS, function)


class NoWorker(Exception):
    """Tasks are waiting longer than a running worker would let them."""


def query_database() -> Report:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return {"backend": connection.vendor}
    finally:
        connection.close()


async def check_database() -> Report:
    return await in_thread(query_database)


def roundtrip_cache() -> Report:
    cache = caches["default"]
    key = f"healthz:{secrets.token_hex(8)}"
    cache.set(key, "ok", timeout=30)
    if cache.get(key) != "ok":
        raise RuntimeError("cache did not return the value just stored")
    cache.delete(key)
    return {"backend": type(cache).__name__}


async def check_cache() -> Report:
    return await in_thread(roundtrip_cache)


async def check_channel_layer() -> Report:
    layer = get_channel_layer()
    if layer is None:
        raise RuntimeError("no channel layer configured")
    channel = await layer.new_channel("healthz.")
    await layer.send(channel, {"type": "healthz.probe"})
    message = await layer.receive(channel)
    if message.get("type") != "healthz.probe":
        raise RuntimeError("channel layer returned another message")
    return {"backend": type(layer).__name__}


def query_tasks() -> Report:
    backend = task_backends["default"]
    report: Report = {"backend": type(backend).__name__}
    if not isinstance(backend, DatabaseBackend):
        return report
    try:
        # A task enqueued to run later (a safe visit's check hours ahead) waits from
        # the time it became due, not from when it was enqueued.
        # ("no time given" is stored as the year 9999).
        due = Case(
            When(run_after=get_date_max(), then=F("enqueued_at")),
            default=Greatest("enqueued_at", "run_after"),
        )
        ready = DBTaskResult.objects.ready().aggregate(count=Count("id"), oldest=Min(due))
    finally:
        connection.close()
    waited = timezone.now() - ready["oldest"] if ready["oldest"] else timedelta(0)
    if waited > TASK_WAIT_LIMIT:
        raise NoWorker(f"{ready['count']} tasks waiting, the oldest for {waited}")
    report["ready"] = ready["count"]
    return report


async def check_tasks() -> Report:
    return await in_thread(query_tasks)


CHECKS: dict[str, Callable[[], Awaitable[Report]]] = {
    "database": check_database,
    "cache": check_cache,
    "channel_layer": check_channel_layer,
    "tasks": check_tasks,
}


async def run_check(name: str, check: Callable[[], Awaitable[Report]]) -> Report:
    try:
        report = await asyncio.wait_for(check(), TIMEOUT_SECONDS)
    except Exception as error:
        logger.warning("health check %s failed: %s", name, type(error).__name__)
        return {"status": "error"}
    return {"status": "ok", **report}


async def run_checks() -> dict[str, Report]:
    names = list(CHECKS)
    reports = await asyncio.gather(*(run_check(name, CHECKS[name]) for name in names))
    return dict(zip(names, reports, strict=True))
