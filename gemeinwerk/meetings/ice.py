"""ICE servers for the browsers: STUN, and TURN with time-limited credentials made from
a shared secret the way coturn expects (its "REST API" / use-auth-secret mode)."""

import base64
import hashlib
import hmac
import time
from typing import Any

from django.conf import settings


def turn_credentials(
    *, secret: str, name: str, ttl: int, now: float | None = None
) -> dict[str, str]:
    """coturn: the user name is "<expiry>:<name>", the password HMAC-SHA1 of it."""
    username = f"{int((now or time.time()) + ttl)}:{name}"
    digest = hmac.new(secret.encode(), username.encode(), hashlib.sha1).digest()
    return {"username": username, "credential": base64.b64encode(digest).decode()}


def ice_servers(seat_id: str) -> list[dict[str, Any]]:
    servers: list[dict[str, Any]] = []
    if settings.ICE_STUN_URLS:
        servers.append({"urls": list(settings.ICE_STUN_URLS)})
    if settings.ICE_TURN_URLS and settings.ICE_TURN_SECRET:
        servers.append(
            {
                "urls": list(settings.ICE_TURN_URLS),
                **turn_credentials(
                    secret=settings.ICE_TURN_SECRET,
                    name=seat_id,
                    ttl=settings.ICE_TURN_TTL_SECONDS,
                ),
            }
        )
    return servers
