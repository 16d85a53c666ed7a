"""Counting attempts per client in the cache: fixed windows, nothing stored for long.

The client address is hashed before it becomes part of a cache key, and the counters
expire with their window.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_key(request: HttpRequest) -> str:
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:24]


def data_key(value: str) -> str:
    """A key for counting attempts per typed value (a user name), not stored as such."""
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{value.strip().lower()}".encode())
    return digest.hexdigest()[:24]


def attempt(scope: str, key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one attempt; False when more than `limit` were made in the window."""
    cache_key = f"ratelimit:{scope}:{key}"
    cache.add(cache_key, 0, timeout=window_seconds)
    try:
        count = cache.incr(cache_key)
    except ValueError:
        # Expired between add() and incr(): this is the first attempt of a new window.
        cache.set(cache_key, 1, timeout=window_seconds)
        count = 1
    return count <= limit
