"""Serve Gemeinwerk with uvicorn: HTTP and WebSockets, as `make run` and the browser
tests do. `python -m gemeinwerk.serve --host 127.0.0.1 --port 8000`.

uvicorn logs each request (access log) and each WebSocket connection (at INFO) with the
client's IP address; both stay off, so no log holds visitors' addresses.

WebSocket frames are limited to what the room's protocol allows (meetings.protocol:
a signal of at most 24 kB), not uvicorn's 16 MiB: a larger frame is refused before it
is read into memory. Pings every few seconds notice a browser that went away without
a word, so that its seat in a meeting room is freed within a minute
(meetings.state.RECONNECT_GRACE_SECONDS).
"""

import argparse
import os

import uvicorn

WS_MAX_SIZE = 64 * 1024
WS_PING_INTERVAL = 10.0
WS_PING_TIMEOUT = 10.0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--fd", type=int, help="serve on an already bound socket")
    parser.add_argument(
        "--proxy-headers",
        action="store_true",
        help="trust X-Forwarded-Proto/-For from the proxy (FORWARDED_ALLOW_IPS)",
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gemeinwerk.settings")
    uvicorn.run(
        "gemeinwerk.asgi:application",
        host=args.host,
        port=args.port,
        fd=args.fd,
        proxy_headers=args.proxy_headers,
        forwarded_allow_ips=os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        lifespan="off",
        ws_max_size=WS_MAX_SIZE,
        ws_ping_interval=WS_PING_INTERVAL,
        ws_ping_timeout=WS_PING_TIMEOUT,
        # Our frames are small JSON: compressing each costs CPU and about 40 KB of
        # memory per open connection (measured, docs/performance.md) for little gain.
        ws_per_message_deflate=False,
        access_log=False,
        log_level="warning",
    )


if __name__ == "__main__":
    main()
