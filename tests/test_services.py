"""The services run really uses PostgreSQL and Redis (GEMEINWERK_SERVICES=required)."""

import pytest
from django.db import connection
from django.test import Client


@pytest.mark.postgres
@pytest.mark.django_db
def test_database_is_postgresql():
    assert connection.vendor == "postgresql"


@pytest.mark.redis
@pytest.mark.django_db
def test_cache_and_channel_layer_are_redis(client: Client):
    checks = client.get("/healthz").json()["checks"]

    assert checks["cache"] == {"status": "ok", "backend": "RedisCache"}
    assert checks["channel_layer"] == {"status": "ok", "backend": "RedisChannelLayer"}
