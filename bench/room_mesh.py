"""How long until everyone in a meeting room hears everyone: real Chromium pages with a
fake microphone join one meeting, and we time the full mesh (every page has N-1
connected peer connections). Also counted: the signalling messages one more person's
join causes. Run inside a loopback-only network namespace (`make bench` does):

    scripts/in-loopback-netns .venv/bin/python bench/room_mesh.py [--slow] [--rounds 5]

Sizes 2, 4 and 6; with --slow also 15 (the room's capacity; heavy on two cores). The
server is the real one (`python -m gemeinwerk.serve`) on a throw-away SQLite database.
Each size is measured by a process of its own with a wall-clock bound (size_limit):
a size that does not reach a full mesh in time is reported as such, with how far it
got, and the others still count. Results go to stdout and to var/bench/room_mesh.json.
"""

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
MESH_TIMEOUT_S = 300

from gemeinwerk.meetings.state import CAPACITY  # noqa: E402 (after the path is set)
from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def prepare_database(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gemeinwerk.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def fresh_sequences() -> None:
    """Each measuring process counts the factories' names and slugs from its own start,
    so that its groups do not collide with those of the processes before it."""
    import importlib

    import factory

    start = time.time_ns() // 1000 % 10**9
    for path in sorted(ROOT.glob("gemeinwerk/*/tests/factories.py")):
        module = importlib.import_module(f"gemeinwerk.{path.parts[-3]}.tests.factories")
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, factory.Factory)
                and value.__module__ == module.__name__
            ):
                value.reset_sequence(start)


def new_occurrence() -> Any:
    from django.utils import timezone

    from gemeinwerk.groups.tests.factories import GroupFactory, make_occurrence

    group = GroupFactory.create()
    return make_occurrence(group, starts_at=timezone.now() - timedelta(minutes=5))


def join_cookie(occurrence: Any, index: int) -> str:
    from gemeinwerk.meetings import joining

    return joining.JoinTicket.issue(
        occurrence,
        f"Person {index}",
        rules_confirmed=True,
        seat=f"bench-{index:02d}-{time.monotonic_ns()}",
        avatar="initial-blue",
        # All guests: a host's seat needs a signed-in host account (meetings.views),
        # and the mesh is the same either way.
        host=False,
    ).signed()


class Participant:
    def __init__(self, browser: Any, base: str, occurrence: Any, index: int) -> None:
        self.context = browser.new_context()
        self.context.add_cookies(
            [{"name": "gw_join", "value": join_cookie(occurrence, index), "url": base}]
        )
        self.page = self.context.new_page()
        self.signals_sent = 0
        self.page.on("websocket", self._watch)

    def _watch(self, websocket: Any) -> None:
        def sent(payload: str | bytes) -> None:
            if isinstance(payload, str) and payload.startswith('{"type":"signal"'):
                self.signals_sent += 1

        websocket.on("framesent", sent)

    def peers(self) -> int:
        return int(self.page.evaluate("() => window.gemeinwerkRoom?.connectedPeers() ?? 0"))

    def status(self) -> str:
        return str(
            self.page.evaluate(
                "() => document.getElementById('room-status')?.textContent ?? document.title"
            )
        )

    def close(self) -> None:
        self.context.close()


class NoFullMesh(Exception):
    def __init__(self, people: list[Participant]) -> None:
        self.counts = sorted(person.peers() for person in people)
        statuses = sorted({person.status() for person in people})
        super().__init__(
            f"no full mesh of {len(people)} within {MESH_TIMEOUT_S} s "
            f"(peers per page: {self.counts}; the pages say: {statuses})"
        )


def wait_for_mesh(people: list[Participant]) -> None:
    deadline = time.monotonic() + MESH_TIMEOUT_S
    others = len(people) - 1
    # Asking every page costs the browser time too: large meetings are asked less often.
    pause = 0.05 if len(people) <= 7 else 0.5
    while time.monotonic() < deadline:
        if all(person.peers() == others for person in people):
            return
        time.sleep(pause)
    raise NoFullMesh(people)


def one_meeting(browser: Any, base: str, size: int) -> dict[str, float]:
    """Everyone opens the room at once; then one more person joins the full mesh (not
    in a full room)."""
    occurrence = new_occurrence()
    people = [Participant(browser, base, occurrence, i) for i in range(size)]
    try:
        started = time.perf_counter()
        for person in people:
            person.page.goto(f"{base}/en/join/room/", wait_until="commit")
        wait_for_mesh(people)
        full_mesh = time.perf_counter() - started
        if size >= CAPACITY:
            return {"full_mesh_s": full_mesh}

        before = sum(p.signals_sent for p in people)
        newcomer = Participant(browser, base, occurrence, size)
        people.append(newcomer)
        started = time.perf_counter()
        newcomer.page.goto(f"{base}/en/join/room/", wait_until="commit")
        wait_for_mesh(people)
        join_time = time.perf_counter() - started
        # Candidates may trickle in a moment after "connected".
        time.sleep(1.0)
        signals = sum(p.signals_sent for p in people) - before
        return {"full_mesh_s": full_mesh, "one_more_join_s": join_time, "signals": signals}
    finally:
        for person in people:
            person.close()


def summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "median": statistics.median(ordered),
        "max": ordered[-1],
        "min": ordered[0],
    }


def measure(base: str, size: int, rounds: int) -> dict[str, Any]:
    """One size, in a process of its own (see main): the runs, or how far it got."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; our ORM calls here
    # are synchronous and safe (the server, started before, keeps Django's guard).
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        one_meeting(browser, base, 2)  # warm-up: caches, the first pages of this Chromium
        try:
            return {"runs": [one_meeting(browser, base, size) for _ in range(rounds)]}
        except NoFullMesh as missed:
            return {"reached": False, "peers_per_page": missed.counts, "said": str(missed)}
        finally:
            browser.close()


def size_limit(size: int, rounds: int) -> float:
    """A size's wall-clock bound: every run may use its waits in full (a full room has
    no "one more joins"), plus time to open and close the pages."""
    waits = 1 if size >= CAPACITY else 2
    return rounds * (waits * MESH_TIMEOUT_S + 10 * size) + 60


def run_size(base: str, database: str, size: int, rounds: int) -> dict[str, Any]:
    """Each size in a child process with a hard time limit: a browser overwhelmed by a
    large meeting can stop answering Playwright at all, and must not hang the bench."""
    limit = size_limit(size, rounds)
    child = subprocess.Popen(  # noqa: S603 (this file, fixed arguments)
        [sys.executable, __file__, "--child", str(size), "--rounds", str(rounds), "--base", base],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database},
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its Chromium too is stopped with it
    )
    try:
        output, _ = child.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)
        child.communicate()
        said = f"no result within {limit:.0f} s; the browser was stopped"
        return {"reached": False, "said": said}
    if child.returncode != 0:
        return {"reached": False, "said": f"the measuring process failed ({child.returncode})"}
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return result


def report(size: int, result: dict[str, Any]) -> dict[str, Any]:
    if "runs" not in result:
        # Said and kept, not hidden: the other sizes still count.
        print(f"{size:>2} people: {result['said']}", flush=True)
        return result
    runs = result["runs"]
    row: dict[str, Any] = {
        "full_mesh_s": summary([r["full_mesh_s"] for r in runs]),
        "runs": len(runs),
    }
    line = (
        f"{size:>2} people: full mesh median {row['full_mesh_s']['median']:.2f} s "
        f"(max {row['full_mesh_s']['max']:.2f} s)"
    )
    if "signals" in runs[0]:
        row["one_more_join_s"] = summary([r["one_more_join_s"] for r in runs])
        row["signals_per_join"] = summary([r["signals"] for r in runs])
        line += (
            f"; one more joins in {row['one_more_join_s']['median']:.2f} s with "
            f"{row['signals_per_join']['median']:.0f} signalling messages"
        )
    print(f"{line} ({len(runs)} run(s))", flush=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--slow", action="store_true", help="also 15 participants")
    parser.add_argument("--rounds", type=int, default=5, help="meetings per size (<= 20)")
    parser.add_argument("--sizes", help="comma-separated sizes instead of 2,4,6[,15]")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--base", help=argparse.SUPPRESS)
    args = parser.parse_args()
    rounds = max(1, min(args.rounds, 20))
    if os.environ.get("GEMEINWERK_LOOPBACK_NETNS") != "1":
        sys.exit("run me with scripts/in-loopback-netns (make bench does)")
    if args.child:
        prepare_database(os.environ["DATABASE_URL"])
        fresh_sequences()
        print(json.dumps(measure(args.base, args.child, rounds)), flush=True)
        return

    workdir = Path(tempfile.mkdtemp(prefix="gemeinwerk-bench-"))
    database = f"sqlite:///{workdir / 'bench.sqlite3'}"
    prepare_database(database)
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database, "DEBUG": "false"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.pop("REDIS_URL", None)  # one process: the in-memory layer, as on a laptop
    server = subprocess.Popen(  # noqa: S603 (our own server, fixed arguments)
        [sys.executable, "-m", "gemeinwerk.serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    results: dict[str, Any] = {"cores": os.cpu_count(), "rounds": rounds, "sizes": {}}
    try:
        for _ in range(100):
            try:
                urlopen(f"{base}/healthz", timeout=1)  # noqa: S310 (our own server)
                break
            except OSError:
                time.sleep(0.2)
        sizes = [2, 4, 6] + ([CAPACITY] if args.slow else [])
        if args.sizes:
            sizes = [min(CAPACITY, max(2, int(size))) for size in args.sizes.split(",")]
        for size in sizes:
            result = run_size(base, database, size, 1 if size > 6 else rounds)
            results["sizes"][size] = report(size, result)
    finally:
        server.terminate()
        server.wait(timeout=10)
    out = ROOT / "var" / "bench" / "room_mesh.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
