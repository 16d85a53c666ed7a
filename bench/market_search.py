"""Neighbourhood help at city scale: how long the browse page and search take on
PostgreSQL, against a bare view on the same server.

    .venv/bin/python bench/market_search.py          (or: make bench-market; `make bench` too)

Uses the city that bench/market_city.py generates (50,000 members, 100,000 listings in
12 districts, German and Polish, marker words at 0.08 %, 1 % and 10 % of the listings);
generates it first when the database is missing or was made for other sizes, a
different seed or other migrations (`--regenerate` always does). Then serves it with
`python -m gemeinwerk.serve` (uvicorn, one process; production settings: DEBUG off, no
Redis, the database pool of the settings) with bench/speed_settings.py, which adds a
bare view (`/bench/bare/`) behind the same middleware, on 127.0.0.1 and a free port;
requests carry `X-Forwarded-Proto: https` as from the TLS proxy and come from an
anonymous first-time visitor (no cookies, German).

Each case (bare view; browse: first page, page 5, district and category, new this week;
search for each marker word, German and Polish, by relevance; the very common word
newest first and within a district; each marker search again as the search form asks for
it with JavaScript, htmx's request for the results alone) gets `--warm-up` requests,
then at most `--requests` requests or `--seconds` seconds, split into `--rounds` rounds
that take the cases in turn, so that other work on the machine falls on all alike.
Requests are sequential on one keep-alive connection: the time of each is the server's
time plus loopback and HTTP parsing (the bare view shows what that costs), measured at
the client as wall time; nothing waits in a queue. Results (p50, p95 and p99, each as a
ratio to the bare view's, the goals) go to stdout and var/bench/market_search.json.

Goals (the issue): search p95 <= 20 ms for words in <= 1 % of the listings and
<= 60 ms at 10 %; browse p95 <= 60 ms. `--explain` adds, per case, the page's SQL
queries with their times and PostgreSQL's plan of the slowest
(EXPLAIN (ANALYZE, BUFFERS)), in var/bench/market_search-explain.txt.
"""

import argparse
import http.client
import json
import math
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from market_city import (
    ROOT,
    add_arguments,
    current,
    describe,
    generate,
    pg_connect,
    production_env,
)
from market_text import MARKERS
from page_speed import BARE, HEADERS, serve

BROWSE = "/neighbourhood-help/"
CARD = re.compile(r'href="/neighbourhood-help/(\d+)/"')
OUT = ROOT / "var" / "bench"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cases() -> list[dict[str, Any]]:
    """Name, address, goal for p95 in ms (None: none) and the marker it searches for."""

    def browse(name: str, goal: float | None = 60.0, marker: Any = None, **query: str) -> dict:
        path = f"{BROWSE}?{urlencode(query)}" if query else BROWSE
        return {"name": name, "path": path, "goal_ms": goal, "marker": marker, "headers": {}}

    def results_only(case: dict[str, Any]) -> dict[str, Any]:
        # What the search form gets with JavaScript: htmx asks for the results alone.
        name = f"{case['name']}, results only (htmx)"
        return {**case, "name": name, "headers": {"HX-Request": "true"}}

    found = [
        {"name": "bare view", "path": BARE, "goal_ms": None, "marker": None, "headers": {}},
        browse("browse"),
        browse("browse, page 5", page="5"),
        browse("browse, district + category", district="nordstadt", category="household"),
        browse("browse, new this week", new="1"),
    ]
    for marker in MARKERS:
        goal = 60.0 if marker.share > 0.01 else 20.0
        label = f"search {marker.name} ({marker.language})"
        found.append(browse(label, goal, marker.query, q=marker.query))
    very = next(m for m in MARKERS if m.name == "very common" and m.language == "de")
    found.append(browse("search very common (de), newest first", 60.0, very.query,
                        q=very.query, sort="recent"))  # fmt: skip
    found.append(browse("search very common (de), one district", 60.0, very.query,
                        q=very.query, district="altstadt"))  # fmt: skip
    searches = [case for case in found if case["marker"] and "," not in case["name"]]
    return found + [results_only(case) for case in searches]


def percentile(ordered: list[float], share: float) -> float:
    """Nearest rank: the smallest value with at least `share` of all at or below it."""
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def timed(
    conn: http.client.HTTPConnection, path: str, headers: dict[str, str]
) -> tuple[float, int, bytes]:
    began = time.perf_counter()
    conn.request("GET", path, headers=HEADERS | headers)
    response = conn.getresponse()
    body = response.read()
    return time.perf_counter() - began, int(response.status), body


def cpu_seconds(pid: int) -> float:
    """User plus system time of a process so far; 0 when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    # After the command: fields 3 (state) onwards; utime and stime are fields 14 and 15.
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


class CpuGauge:
    """CPU time of the server process and of the database's connections (PostgreSQL
    backends, found in pg_stat_activity): what requests cost, waiting aside."""

    def __init__(self, server_pid: int, database: str) -> None:
        self.server_pid = server_pid
        self.database = database
        self.connection = pg_connect()
        self.own_pid = self.connection.info.backend_pid

    def read(self) -> tuple[float, float]:
        rows = self.connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> %s",
            (self.database, self.own_pid),
        ).fetchall()
        return cpu_seconds(self.server_pid), sum(cpu_seconds(row[0]) for row in rows)

    def close(self) -> None:
        self.connection.close()


def measure(port: int, found: list[dict[str, Any]], gauge: CpuGauge, args: Any) -> None:
    """Fills each case's latencies and CPU time: warm-up first, then the rounds."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        for case in found:
            for _ in range(args.warm_up):
                _seconds, status, body = timed(conn, case["path"], case["headers"])
                if status != 200:
                    raise SystemExit(f"{case['path']} answered {status}")
            case.update(latencies=[], server_cpu=0.0, database_cpu=0.0)
            case["cards"] = len(set(CARD.findall(body.decode(errors="replace"))))
            case["bytes"] = len(body)
        for _ in range(args.rounds):
            for case in found:
                deadline = time.perf_counter() + args.seconds / args.rounds
                server_before, database_before = gauge.read()
                for _ in range(args.requests // args.rounds):
                    seconds, status, _body = timed(conn, case["path"], case["headers"])
                    if status != 200:
                        raise SystemExit(f"{case['path']} answered {status}")
                    case["latencies"].append(seconds)
                    if time.perf_counter() > deadline:
                        break
                server_after, database_after = gauge.read()
                case["server_cpu"] += server_after - server_before
                case["database_cpu"] += database_after - database_before
    finally:
        conn.close()


def summarise(found: list[dict[str, Any]], markers: list[dict[str, Any]]) -> list[dict]:
    matches = {m["query"]: m for m in markers}
    results = []
    for case in found:
        ordered = sorted(case["latencies"])
        results.append(
            {
                "name": case["name"],
                "path": case["path"],
                "requests": len(ordered),
                "p50_ms": round(percentile(ordered, 0.50) * 1000, 2),
                "p95_ms": round(percentile(ordered, 0.95) * 1000, 2),
                "p99_ms": round(percentile(ordered, 0.99) * 1000, 2),
                "max_ms": round(ordered[-1] * 1000, 2),
                # CPU per request: the server process, and PostgreSQL's backends.
                "server_cpu_ms": round(case["server_cpu"] / len(ordered) * 1000, 2),
                "database_cpu_ms": round(case["database_cpu"] / len(ordered) * 1000, 2),
                "goal_p95_ms": case["goal_ms"],
                "cards_on_page": case["cards"],
                "html_bytes": case["bytes"],
                "marker": matches.get(case["marker"]) if case["marker"] else None,
            }
        )
    bare = results[0]
    for result in results:
        result["p50_ratio"] = round(result["p50_ms"] / bare["p50_ms"], 1)
        result["p95_ratio"] = round(result["p95_ms"] / bare["p95_ms"], 1)
        goal = result["goal_p95_ms"]
        result["goal_met"] = None if goal is None else result["p95_ms"] <= goal
    return results


def report(results: list[dict[str, Any]]) -> str:
    rows = [
        "| case | matches (visible) | p50 | p95 | p50 / bare | p95 / bare | CPU app + db"
        " | goal p95 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        marker = r["marker"]
        matches = (
            f"{marker['visible_matches']:,} ({marker['visible_share'] * 100:.2f} %)"
            if marker
            else ""
        )
        goal = ""
        if r["goal_p95_ms"] is not None:
            verdict = "met" if r["goal_met"] else "**missed**"
            goal = f"<= {r['goal_p95_ms']:.0f} ms: {verdict}"
        rows.append(
            f"| {r['name']} | {matches} | {r['p50_ms']:.1f} ms | {r['p95_ms']:.1f} ms"
            f" | {r['p50_ratio']:.1f} | {r['p95_ratio']:.1f}"
            f" | {r['server_cpu_ms']:.1f} + {r['database_cpu_ms']:.1f} ms | {goal} |"
        )
    return "\n".join(rows)


# --- Where the time goes (--explain), in its own process ---------------------------


def explain(found: list[dict[str, Any]]) -> str:
    """Each page's queries with their times (in this process, through Django's test
    client, after a warm-up), and the plan of the slowest."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from page_weight import HOST

    client = Client(headers={"host": HOST, "accept-language": "de"})
    out = []
    for case in found[1:]:
        for _ in range(3):
            client.get(case["path"], secure=True, headers=case["headers"])
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            client.get(case["path"], secure=True, headers=case["headers"])
            elapsed = time.perf_counter() - began
        queries = [(float(q["time"]) * 1000, q["sql"]) for q in captured.captured_queries]
        out.append(f"## {case['name']}: {case['path']}")
        out.append(f"{elapsed * 1000:.1f} ms in the view, {len(queries)} queries:")
        out += [f"  {ms:7.2f} ms  {sql[:160]}" for ms, sql in queries]
        slowest = max(queries, default=None)
        if slowest is not None:
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {slowest[1]}")
                plan = [row[0] for row in cursor.fetchall()]
            out += ["", f"The slowest ({slowest[0]:.2f} ms):", slowest[1], "", *plan]
        out.append("")
    return "\n".join(out)


# --- The whole run -----------------------------------------------------------------


def postgres_version() -> str:
    with pg_connect() as connection:
        row = connection.execute("SHOW server_version").fetchone()
    return str(row[0]) if row else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    add_arguments(parser)
    parser.add_argument("--requests", type=int, default=200, help="at most, per case")
    parser.add_argument("--seconds", type=float, default=30.0, help="at most, per case")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--warm-up", type=int, default=10, help="requests per case first")
    parser.add_argument("--regenerate", action="store_true", help="a new database first")
    parser.add_argument("--explain", action="store_true", help="queries and plans as well")
    parser.add_argument("--explain-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.explain_only:
        sys.path.insert(0, str(ROOT))
        print(explain(cases()))
        return
    if args.requests < args.rounds or args.rounds < 1 or args.warm_up < 1:
        raise SystemExit("--rounds >= 1, --requests >= --rounds, --warm-up >= 1")

    sizes = (args.database, args.members, args.listings, args.seed)
    meta = None if args.regenerate else current(*sizes)
    if meta is None:
        print("generating the city ...", file=sys.stderr, flush=True)
        meta = generate(*sizes)
    print(describe(meta))
    load_before = os.getloadavg()
    found = cases()
    explained = ""
    with tempfile.TemporaryDirectory(prefix="gemeinwerk-bench-market-") as folder:
        env = production_env(args.database, static_root=Path(folder) / "static")
        # Render every page for every request, should the market ever keep pages.
        env["BENCH_PAGE_CACHE"] = "off"
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        server, port = serve(env)
        gauge = CpuGauge(server.pid, args.database)
        try:
            measure(port, found, gauge, args)
        finally:
            gauge.close()
            server.terminate()
            server.wait(timeout=10)
        if args.explain:
            explained = subprocess.run(  # noqa: S603 (this file, fixed arguments)
                [sys.executable, __file__, "--explain-only"],
                cwd=ROOT,
                env={**env, "DJANGO_SETTINGS_MODULE": "bench.speed_settings"},
                check=True,
                stdout=subprocess.PIPE,
                text=True,
            ).stdout
    results = summarise(found, meta["markers"])
    load_after = os.getloadavg()
    version = postgres_version()
    record: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": " ".join(["bench/market_search.py", *sys.argv[1:]]),
        "machine": {
            "cpus": os.cpu_count(),
            "load_average_before": load_before,
            "load_average": load_after,
            "python": platform.python_version(),
            "postgresql": version,
        },
        "timing": "client wall time per request, sequential, one keep-alive connection, 127.0.0.1",
        "city": meta,
        "cases": results,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "market_search.json").write_text(json.dumps(record, indent=2) + "\n")
    if explained:
        (OUT / "market_search-explain.txt").write_text(explained)
    print()
    print(report(results))
    average = ", ".join(f"{x:.1f}" for x in load_after)
    before = ", ".join(f"{x:.1f}" for x in load_before)
    print(
        f"\nload average {average} at the end ({before} before), {os.cpu_count()} CPUs, "
        f"PostgreSQL {version}; up to {args.requests} requests or "
        f"{args.seconds:g} s per case"
    )
    missed = [r["name"] for r in results if r["goal_met"] is False]
    print("goals: " + ("all met" if not missed else "missed by " + ", ".join(missed)))
    if explained:
        print(f"queries and plans: {OUT / 'market_search-explain.txt'}")


if __name__ == "__main__":
    main()
