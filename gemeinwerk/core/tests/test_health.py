import pytest
from django.test import Client

from gemeinwerk.core import health

pytestmark = pytest.mark.django_db


def test_healthz_reports_every_part(client: Client):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "channel_layer", "tasks"}
    assert all(check["status"] == "ok" for check in body["checks"].values())
    assert body["checks"]["tasks"]["backend"] == "DatabaseBackend"
    assert body["checks"]["tasks"]["ready"] == 0
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_503_when_a_part_fails_and_tells_no_details(
    client: Client, monkeypatch: pytest.MonkeyPatch
):
    async def broken() -> dict[str, str]:
        raise ConnectionError("redis://secret-host:6379 refused")

    monkeypatch.setitem(health.CHECKS, "channel_layer", broken)

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["channel_layer"] == {"status": "error"}
    assert body["checks"]["database"]["status"] == "ok"
    assert "secret-host" not in response.content.decode()


def test_healthz_gives_up_on_a_check_that_hangs(client: Client, monkeypatch: pytest.MonkeyPatch):
    async def hanging() -> dict[str, str]:
        import asyncio

        await asyncio.sleep(60)
        return {}

    monkeypatch.setattr(health, "TIMEOUT_SECONDS", 0.1)
    monkeypatch.setitem(health.CHECKS, "cache", hanging)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == {"status": "error"}


def test_healthz_counts_tasks_waiting_for_a_worker(client: Client):
    from gemeinwerk.core.tasks import deliver_email

    deliver_email.enqueue({"subject": "x"})

    assert client.get("/healthz").json()["checks"]["tasks"]["ready"] == 1
