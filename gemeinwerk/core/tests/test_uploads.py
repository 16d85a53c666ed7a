"""A body above REQUEST_BODY_MAX_BYTES is refused with a translated 413 page before the
server reads it: a 100 MB "profile picture" costs neither memory nor disk."""

from typing import Any

import pytest
from asgiref.sync import async_to_sync
from django.conf import settings
from django.test import Client

from gemeinwerk.accounts import pictures
from gemeinwerk.accounts.tests.more_factories import make_user, signed_in, url

pytestmark = pytest.mark.django_db

HUNDRED_MB = 100 * 1024 * 1024
CHUNK = 64 * 1024


def test_the_limit_leaves_room_for_a_picture_and_its_form():
    assert pictures.MAX_UPLOAD_BYTES < settings.REQUEST_BODY_MAX_BYTES
    assert settings.REQUEST_BODY_MAX_BYTES <= pictures.MAX_UPLOAD_BYTES + 2 * 1024 * 1024


def post_announcing(client: Client, path: str, length: int) -> Any:
    # The test client sends a small body and the length a large upload would announce.
    return client.generic(
        "POST",
        path,
        b"--x\r\n",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(length),
    )


def test_a_large_upload_is_refused_with_a_page_that_says_why():
    client = signed_in(make_user())

    response = post_announcing(client, url("me:profile"), HUNDRED_MB)

    assert response.status_code == 413
    html = response.content.decode()
    assert "What you sent is too large" in html
    assert "We accept at most 6 MB at a time" in html
    assert "Content-Security-Policy" in response


@pytest.mark.parametrize("language", ["de", "pl"])
def test_the_413_page_speaks_the_language_of_the_address(language: str):
    prefix = "" if language == "de" else f"/{language}"

    response = post_announcing(Client(), f"{prefix}/me/profile/", HUNDRED_MB)

    assert response.status_code == 413
    assert f'<html lang="{language}"' in response.content.decode()


def test_a_body_within_the_limit_reaches_the_view():
    client = signed_in(make_user())

    response = client.post(url("me:profile"), {"display_name": "Mila"})

    assert response.status_code == 302


class Upload:
    """An ASGI client that sends a body in chunks and counts what the server read."""

    def __init__(self, size: int, *, announce: bool) -> None:
        self.size = size
        self.announce = announce
        self.read = 0
        self.sent: list[dict[str, Any]] = []

    async def receive(self) -> dict[str, Any]:
        if self.read >= self.size:
            # Everything was read; the client waits, as a browser would.
            import asyncio

            await asyncio.Future()
        chunk = min(CHUNK, self.size - self.read)
        self.read += chunk
        return {"type": "http.request", "body": b"\0" * chunk, "more_body": self.read < self.size}

    async def send(self, message: dict[str, Any]) -> None:
        self.sent.append(message)

    def run(self, path: str) -> None:
        from gemeinwerk.asgi import application

        headers = [
            (b"host", b"localhost"),
            (b"content-type", b"multipart/form-data; boundary=x"),
        ]
        if self.announce:
            headers.append((b"content-length", str(self.size).encode()))
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "POST",
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "root_path": "",
            "headers": headers,
            "client": ("127.0.0.1", 50000),
            "server": ("localhost", 80),
        }
        async_to_sync(application)(scope, self.receive, self.send)

    @property
    def status(self) -> int:
        return int(self.sent[0]["status"])

    @property
    def headers(self) -> dict[bytes, bytes]:
        return dict(self.sent[0]["headers"])

    @property
    def body(self) -> str:
        return b"".join(m.get("body", b"") for m in self.sent[1:]).decode()


def test_an_announced_100_mb_body_is_not_read_at_all():
    upload = Upload(HUNDRED_MB, announce=True)

    upload.run("/en/me/profile/")

    assert upload.status == 413
    assert upload.read == 0
    assert upload.headers[b"connection"] == b"close"
    assert "What you sent is too large" in upload.body


def test_a_100_mb_body_without_a_length_is_read_only_up_to_the_limit():
    upload = Upload(HUNDRED_MB, announce=False)

    upload.run("/en/me/profile/")

    assert upload.status == 413
    assert upload.read <= settings.REQUEST_BODY_MAX_BYTES + CHUNK
