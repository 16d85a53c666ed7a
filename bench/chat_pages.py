"""The chat benchmark's open pages (bench/chat_live.py): one WebSocket connection per
member to /ws/chat/, reading everything the server sends, and the measuring itself.

A page sends what the chat page sends ({"type": "send", ...} with a client id, not yet
confirmed) and notes when each "sent" answer and each live "message" arrives. The
message body carries its number ("Bench 17: ..."), since the others' pages do not get
the client id; sending and receiving happen in one process, so one clock times both
ends. The pages do not answer messages with "read" (as a page in a background tab does
not) and do not ask "since" after connecting: only what a message costs is measured.
"""

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import statistics
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HOST = "127.0.0.1"
BODY = "Bench {seq}: Guten Tag, passt es Ihnen morgen Vormittag?"
SEQ = re.compile(r"Bench (\d+):")


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


@dataclass
class Tally:
    """What every page saw, by message number."""

    sent_at: dict[int, float] = field(default_factory=dict)
    sender_of: dict[int, int] = field(default_factory=dict)
    answered: dict[int, str] = field(default_factory=dict)
    answer_ms: list[float] = field(default_factory=list)
    arrived: dict[int, dict[int, float]] = field(default_factory=dict)  # seq -> user -> when
    duplicates: int = 0
    frames: Counter[str] = field(default_factory=Counter)
    by_server: list[Counter[str]] = field(default_factory=lambda: [Counter(), Counter()])
    # Users whose connection the server closed (or that broke) before the end.
    dropped: set[int] = field(default_factory=set)
    last_arrival: float = 0.0


class Page:
    """One member's open chat page."""

    def __init__(
        self, member: dict[str, Any], server: int, port: int, cookie: str, tally: Tally
    ) -> None:
        self.user = int(member["user"])
        self.conversation = int(member["conversation"])
        self.session = str(member["session"])
        self.server = server
        self.port = port
        self.cookie = cookie
        self.tally = tally
        self.ws: Any = None
        self.welcomed = asyncio.Event()
        self.closing = False
        self.reader: asyncio.Task[None] | None = None

    async def open(self, compression: bool, timeout: float) -> bool:
        from websockets.asyncio.client import connect

        try:
            self.ws = await connect(
                f"ws://{HOST}:{self.port}/ws/chat/?lang=de",
                # The server lets in pages of its own site only (ALLOWED_HOSTS).
                origin=f"http://{HOST}:{self.port}",  # type: ignore[arg-type]
                additional_headers={"Cookie": f"{self.cookie}={self.session}"},
                # Browsers offer per-message deflate; the server takes it.
                compression="deflate" if compression else None,
                open_timeout=timeout,
                # The server pings (gemeinwerk.serve); a page does not.
                ping_interval=None,
                close_timeout=2,
                max_queue=None,
            )
        except Exception as error:
            self.tally.frames[f"connect failed: {type(error).__name__}"] += 1
            return False
        self.reader = asyncio.create_task(self._read())
        try:
            await asyncio.wait_for(self.welcomed.wait(), timeout)
        except TimeoutError:
            self.tally.frames["no welcome"] += 1
            await self.close()
            return False
        return True

    async def _read(self) -> None:
        from websockets.exceptions import ConnectionClosed

        tally = self.tally
        try:
            async for raw in self.ws:
                now = time.perf_counter()
                data = json.loads(raw)
                kind = str(data.get("type"))
                tally.frames[kind] += 1
                tally.by_server[self.server][kind] += 1
                if kind == "message":
                    found = SEQ.match(data["message"].get("body", ""))
                    if found is None:
                        continue
                    readers = tally.arrived.setdefault(int(found.group(1)), {})
                    if self.user in readers:
                        tally.duplicates += 1
                    else:
                        readers[self.user] = now
                        tally.last_arrival = max(tally.last_arrival, now)
                elif kind in ("sent", "hint", "not_sent"):
                    seq = int(str(data.get("client_id", "-")).rsplit("-", 1)[-1])
                    tally.answered[seq] = kind
                    if seq in tally.sent_at:
                        tally.answer_ms.append((now - tally.sent_at[seq]) * 1000)
                elif kind == "welcome":
                    self.welcomed.set()
        except ConnectionClosed as closed:
            if not self.closing:
                why = f"{closed.rcvd.code} {closed.rcvd.reason}".strip() if closed.rcvd else "-"
                tally.frames[f"closed by the server: {why}"] += 1
        finally:
            if not self.closing:
                tally.dropped.add(self.user)

    async def send(self, seq: int, run: str) -> None:
        frame = json.dumps(
            {
                "type": "send",
                "conversation": self.conversation,
                "client_id": f"{run}-{seq}",
                "body": BODY.format(seq=seq),
                "confirmed": False,
            }
        )
        self.tally.sent_at[seq] = time.perf_counter()
        self.tally.sender_of[seq] = self.user
        try:
            await self.ws.send(frame)
        except Exception as error:
            # The server closed the connection: the message stays unanswered.
            self.tally.frames[f"send failed: {type(error).__name__}"] += 1

    async def close(self) -> None:
        self.closing = True
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.ws.close(), 5)
        if self.reader is not None:
            self.reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self.reader


async def in_batches(
    pages: list[Page], step: Callable[[Page], Awaitable[Any]], at_once: int
) -> list:
    gate = asyncio.Semaphore(at_once)

    async def one(page: Page) -> Any:
        async with gate:
            return await step(page)

    return list(await asyncio.gather(*(one(page) for page in pages)))


async def open_all(pages: list[Page], options: argparse.Namespace, at_once: int) -> list[Page]:
    compression = not options.no_compression

    async def step(page: Page) -> bool:
        return await page.open(compression, options.connect_timeout)

    opened = await in_batches(pages, step, at_once)
    return [page for page, ok in zip(pages, opened, strict=True) if ok]


async def close_all(pages: list[Page]) -> None:
    async def step(page: Page) -> None:
        await page.close()

    await in_batches(pages, step, 50)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def rounded(value: float) -> float | None:
    """Milliseconds to a tenth; None for a message that never arrived."""
    return None if value == float("inf") else round(value, 1)


async def measure(
    data: dict[str, Any],
    ports: list[int],
    pids: list[int],
    options: argparse.Namespace,
    gauges: Callable[[], Awaitable[Any]],
) -> tuple[dict[str, Any], Any, Any]:
    """Open every page, weigh the idle connections, send, wait for the deliveries.
    Returns the figures and the gauges read before and after the sending."""
    tally = Tally()
    cookie, members = data["cookie"], data["members"]
    people = {int(k): v for k, v in data["conversations"].items()}

    def page(n: int, member: dict[str, Any], tally: Tally) -> Page:
        return Page(member, n % 2, ports[n % 2], cookie, tally)

    # Warm-up: the first connections load the consumer's code, open the database pool and
    # the channel layer's connections; that is not what an idle page costs.
    warm = [page(n, m, Tally()) for n, m in enumerate(members[:8])]
    await close_all(await open_all(warm, options, 8))
    await asyncio.sleep(2)
    rss_before = [rss_kb(pid) for pid in pids]

    pages = [page(n, m, tally) for n, m in enumerate(members)]
    began = time.perf_counter()
    open_pages = await open_all(pages, options, options.connect_concurrency)
    connect_seconds = time.perf_counter() - began
    await asyncio.sleep(options.idle_seconds)
    rss_after = [rss_kb(pid) for pid in pids]
    if not open_pages:
        raise SystemExit(f"chat benchmark: no connection opened ({dict(tally.frames)})")
    connected = {p.user for p in open_pages}
    conversation_of = {p.user: p.conversation for p in open_pages}

    rng = random.Random(options.seed + len(members))  # noqa: S311 (who sends, not a secret)
    run = f"b{os.getpid()}"
    total = int(options.rate * options.seconds)
    before = await gauges()
    start = time.perf_counter()
    for seq in range(total):
        delay = start + seq / options.rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        await rng.choice(open_pages).send(seq, run)
    sending_seconds = time.perf_counter() - start

    def readers(seq: int) -> set[int]:
        """Who should get message `seq`: the connected people of its conversation whose
        connection the server did not close meanwhile."""
        people_in = people[conversation_of[tally.sender_of[seq]]]
        return {user for user in people_in if user in connected and user not in tally.dropped}

    def complete() -> bool:
        return len(tally.answered) == total and all(
            readers(seq) <= tally.arrived.get(seq, {}).keys()
            for seq in range(total)
            if tally.answered.get(seq) == "sent"
        )

    drain_until = time.perf_counter() + options.drain_seconds
    while time.perf_counter() < drain_until and not complete():
        await asyncio.sleep(0.1)
    await asyncio.sleep(1.1)  # PostgreSQL writes its statistics at most once a second
    after = await gauges()
    await close_all(open_pages)

    # Every delivery a message should make; one that never came counts as infinitely late.
    to_others: list[float] = []
    to_sender: list[float] = []
    answers = Counter(tally.answered.values())
    for seq in range(total):
        if tally.answered.get(seq, "sent") != "sent":
            continue  # refused (hint, not_sent): nothing to deliver
        arrived = tally.arrived.get(seq, {})
        for user in readers(seq):
            late = (arrived[user] - tally.sent_at[seq]) * 1000 if user in arrived else float("inf")
            (to_sender if user == tally.sender_of[seq] else to_others).append(late)
    came = [ms for ms in to_others if ms != float("inf")]
    span = (tally.last_arrival or time.perf_counter()) - start
    result = {
        "connections": len(members),
        "connected": len(open_pages),
        "conversations": len(people),
        "conversation_sizes": dict(sorted(Counter(len(v) for v in people.values()).items())),
        "connect_seconds": round(connect_seconds, 2),
        "rss_kb_before": rss_before,
        "rss_kb_after": rss_after,
        "kb_per_idle_connection": round((sum(rss_after) - sum(rss_before)) / len(open_pages), 1),
        "messages_sent": total,
        "sending_seconds": round(sending_seconds, 2),
        "answers": dict(answers),
        "unanswered": total - len(tally.answered),
        "deliveries_expected": len(to_others),
        "deliveries": len(came),
        "lost": len(to_others) - len(came),
        "lost_own_copy": sum(ms == float("inf") for ms in to_sender),
        "duplicates": tally.duplicates,
        "connections_dropped": len(tally.dropped),
        "p50_ms": rounded(percentile(to_others, 0.5)) if to_others else None,
        "p99_ms": rounded(percentile(to_others, 0.99)) if to_others else None,
        "arrived_p50_ms": round(statistics.median(came), 1) if came else None,
        "arrived_p99_ms": round(percentile(came, 0.99), 1) if came else None,
        "max_ms": round(max(came), 1) if came else None,
        "answer_p50_ms": round(statistics.median(tally.answer_ms), 1) if tally.answer_ms else None,
        "answer_p99_ms": round(percentile(tally.answer_ms, 0.99), 1) if tally.answer_ms else None,
        "stored_per_second": round(answers.get("sent", 0) / span, 1),
        "deliveries_per_second": round(len(came) / span, 1),
        "frames": dict(tally.frames),
        "frames_by_server": [dict(counts) for counts in tally.by_server],
    }
    return result, before, after
