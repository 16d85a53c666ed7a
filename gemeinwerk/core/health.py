"""The checks behind /healthz: database, cache, channel layer and task backend.

Each check answers within a few seconds and reports only a state and the kind of
backend, never an error text (it might reveal hosts or credentials); the error type
goes to the log.
"""

import asyncio
import logging
import secrets
from collections.abc import Awaitable, Callable
from typing import Any

from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.core.cache import caches
from django.db import connection
from django.tasks import task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)
TIMEOUT_SECONDS = 3.0

Report = dict[str, Any]


@sync_to_async
def check_database() -> Report:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"backend": connection.vendor}


async def check_cache() -> Report:
    cache = caches["default"]
    key = f"healthz:{secrets.token_hex(8)}"
    await cache.aset(key, "ok", timeout=30)
    if await cache.aget(key) != "ok":
        raise RuntimeError("cache did not return the value just stored")
    await cache.adelete(key)
    return {"backend": type(cache).__name__}


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


@sync_to_async
def check_tasks() -> Report:
    backend = task_backends["default"]
    report: Report = {"backend": type(backend).__name__}
    if isinstance(backend, DatabaseBackend):
        report["ready"] = DBTaskResult.objects.ready().count()
    return report


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
