"""How many requests a second the public pages answer, in production settings.

    .venv/bin/python bench/page_speed.py          (or: make bench-speed)

Sets up a throw-away installation as bench/page_weight.py does (SQLite, DEBUG off, the
demo data, `collectstatic` with hashed and compressed files) and adds a city's worth of
listings (300 groups, 200 contact points with opening hours, by the test factories, and
24 district networks with 8 activities each, half of them weekly series), so the list
pages are not trivially short. Then serves it with `python -m gemeinwerk.serve`
(uvicorn, one process, behind-a-proxy mode: requests carry `X-Forwarded-Proto: https`
as from the TLS proxy) on 127.0.0.1 and a free port, with bench/speed_settings.py: the
project's settings plus a bare view (`/bench/bare/`, bench/speed_urls.py) that answers
"ok" through the same middleware. A second process loads each page from a few threads
on keep-alive connections, as an anonymous first-time visitor (no cookies). Each page
gets at most `--requests` requests or `--seconds` seconds, whichever comes first, split
into `--rounds` rounds that take the pages in turn, so that other work on the machine
falls on all pages alike. Results (requests per second, p50 and p99 latency, each
page's throughput as a share of the bare view's) go to stdout and
var/bench/page_speed.json. Goal (issue 10): every list page >= 25 % of the bare view.

Anonymous visitors get the main part of the list pages and of a group page from the
cache (core/pagecache.py), as in production; `--no-page-cache` measures what rendering
them costs for every request (what signed-in visitors and a first request meet).

`--profile` adds, per page, where 20 requests spend their time (cProfile, in-process
through Django's test client, after a warm-up): template rendering, database queries,
the functions with the most time of their own.
"""

import argparse
import cProfile
import http.client
import json
import os
import platform
import pstats
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from page_weight import GROUP_LINK, HOST, ROOT, set_up

BARE = "/bench/bare/"
PAGES = {
    "bare view": BARE,
    "home": "/",
    "group directory": "/groups/",
    "a group page": "group",
    "contact points": "/places/",
    "networks": "/networks/",
    "a network page": "/networks/netzwerk-im-viertel-0/",
}
LIST_PAGES = ("group directory", "contact points", "networks")
GOAL_SHARE = 0.25
HEADERS = {
    "Host": HOST,
    "X-Forwarded-Proto": "https",
    "Accept-Language": "de",
    "Accept-Encoding": "br, gzip",
    "Accept": "text/html",
}


def add_networks(count: int, points: list[Any]) -> None:
    """District networks (a city has more than 20), each with two contact points and
    eight activities, every other one a weekly series."""
    from datetime import timedelta

    from django.utils import timezone

    from gemeinwerk.networks.models import Activity, Network, Repeat

    start = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=1)
    for n in range(count):
        first = points[(2 * n) % len(points)]
        network = Network.objects.create(
            name=f"Netzwerk im Viertel {n}",
            slug=f"netzwerk-im-viertel-{n}",
            district=first.district,
            summary="Treffen, Spaziergänge und Hilfe im Viertel.",
            about="Nachbarinnen und Nachbarn treffen sich und helfen einander.",
            focus_topics="Bewegung\nDigitales\nNachbarschaft",
        )
        network.contact_points.set([first, points[(2 * n + 1) % len(points)]])
        for k in range(8):
            begins = start + timedelta(days=k, hours=k % 4)
            Activity.objects.create(
                network=network,
                title=f"Treffen {k} im Viertel {n}",
                description="Einfach vorbeikommen.",
                starts_at=begins,
                ends_at=begins + timedelta(hours=2),
                repeat=Repeat.WEEKLY if k % 2 else Repeat.ONCE,
                contact_point=first,
                district=network.district,
            )


def add_listings(groups: int, points: int, networks: int = 0) -> None:
    """More contact points (with weekday hours), groups and networks, spread over the
    districts."""
    import django

    django.setup()
    from django.db import transaction

    from gemeinwerk.groups.models import Format, Topic
    from gemeinwerk.groups.tests.factories import GroupFactory
    from gemeinwerk.places.models import District, Weekday
    from gemeinwerk.places.tests.factories import ContactPointFactory, OpeningHoursFactory

    districts = list(District.objects.order_by("pk"))
    topics, formats = list(Topic), list(Format)
    with transaction.atomic():
        made = []
        for n in range(points):
            point = ContactPointFactory.create(
                name=f"Anlaufstelle Nachbarschaft {n}",
                slug=f"anlaufstelle-nachbarschaft-{n}",
                district=districts[n % len(districts)],
            )
            for day in list(Weekday)[:5]:
                OpeningHoursFactory.create(contact_point=point, weekday=day)
            made.append(point)
        for n in range(groups):
            GroupFactory.create(
                name=f"Gesprächskreis im Viertel {n}",
                slug=f"gespraechskreis-im-viertel-{n}",
                topic=topics[n % len(topics)],
                format=formats[n % len(formats)],
                district=districts[n % len(districts)],
                contact_point=made[n % len(made)] if made else None,
            )
        if networks and made:
            add_networks(networks, made)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get(port: int, path: str) -> tuple[int, bytes]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=HEADERS)
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (127.0.0.1)
        return int(response.status), bytes(response.read())


def load(port: int, path: str, *, requests: int, seconds: float, connections: int) -> dict:
    """Up to `requests` requests or `seconds`, from `connections` keep-alive threads."""
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    issued = 0
    deadline = time.perf_counter() + seconds

    def worker() -> None:
        nonlocal issued
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine: list[float] = []
        while time.perf_counter() < deadline:
            with lock:
                if issued >= requests:
                    break
                issued += 1
            began = time.perf_counter()
            conn.request("GET", path, headers=HEADERS)
            response = conn.getresponse()
            response.read()
            mine.append(time.perf_counter() - began)
            if response.status != 200:
                failures.append(f"{path} answered {response.status}")
                break
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    if failures:
        raise SystemExit(failures[0])
    return {"requests": len(latencies), "seconds": elapsed, "latencies": latencies}


def run_load(port: int, pages: dict[str, str], args: argparse.Namespace) -> dict[str, Any]:
    """The load generator's side, in its own process: pages in turn, round after round."""
    for path in pages.values():
        for _ in range(args.warm_up):
            status, _body = get(port, path)
            if status != 200:
                raise SystemExit(f"{path} answered {status}")
    runs: dict[str, list[dict]] = {name: [] for name in pages}
    for _ in range(args.rounds):
        for name, path in pages.items():
            runs[name].append(
                load(
                    port,
                    path,
                    requests=args.requests // args.rounds,
                    seconds=args.seconds / args.rounds,
                    connections=args.connections,
                )
            )
    results: dict[str, Any] = {}
    for name, path in pages.items():
        latencies = sorted(x for run in runs[name] for x in run["latencies"])
        count = len(latencies)
        seconds = sum(run["seconds"] for run in runs[name])
        results[name] = {
            "path": path,
            "requests": count,
            "seconds": round(seconds, 3),
            "requests_per_second": round(count / seconds, 1),
            "p50_ms": round(statistics.median(latencies) * 1000, 2),
            "p99_ms": round(latencies[min(count - 1, int(count * 0.99))] * 1000, 2),
            "bytes": len(get(port, path)[1]),
        }
    bare = results["bare view"]["requests_per_second"]
    for result in results.values():
        result["share_of_bare"] = round(result["requests_per_second"] / bare, 3)
    return results


# Where a request's time goes: (label, file fragment, function name), cumulative.
PROFILE_PARTS = [
    ("template rendering", "django/template/backends/django.py", "render"),
    ("database queries", "django/db/backends/utils.py", "_execute"),
    ("middleware before and after the view", "django/core/handlers/base.py", "_get_response"),
]


def profile(pages: dict[str, str], top: int = 8) -> dict[str, Any]:
    """Where 20 requests per page spend their time, in this process (cProfile)."""
    import django

    django.setup()
    from django.test import Client

    headers = {"host": HOST, "accept-language": "de"}
    out: dict[str, Any] = {}
    for name, path in pages.items():
        client = Client()
        for _ in range(5):
            client.get(path, secure=True, headers=headers)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(20):
            client.get(path, secure=True, headers=headers)
        profiler.disable()
        stats: dict[Any, Any] = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
        total = sum(entry[2] for entry in stats.values())  # own time of every function
        parts = {}
        for label, fragment, function in PROFILE_PARTS:
            parts[label] = round(
                max(
                    (v[3] for (f, _l, fn), v in stats.items() if fragment in f and fn == function),
                    default=0.0,
                )
                / 20
                * 1000,
                2,
            )
        own = sorted(stats.items(), key=lambda item: -item[1][2])[:top]
        out[name] = {
            "ms_per_request": round(total / 20 * 1000, 2),
            "ms_per_request_in": parts,
            "most_own_time": [
                f"{Path(f).parent.name}/{Path(f).name}:{line} {fn}: {v[2] / 20 * 1000:.2f} ms"
                for (f, line, fn), v in own
            ],
        }
    return out


def report(results: dict[str, Any]) -> str:
    rows = [
        "| page | requests/s | p50 | p99 | share of bare view | HTML |",
        "|---|---|---|---|---|---|",
    ]
    for name, r in results.items():
        mark = ""
        if name in LIST_PAGES:
            mark = " (goal met)" if r["share_of_bare"] >= GOAL_SHARE else " (below 25 %)"
        rows.append(
            f"| {name} (`{r['path']}`) | {r['requests_per_second']:.0f} | {r['p50_ms']:.1f} ms"
            f" | {r['p99_ms']:.1f} ms | {r['share_of_bare'] * 100:.0f} %{mark}"
            f" | {r['bytes'] / 1024:.1f} KB |"
        )
    return "\n".join(rows)


def serve(env: dict[str, str]) -> tuple[subprocess.Popen[bytes], int]:
    for _ in range(5):
        port = free_port()
        server = subprocess.Popen(  # noqa: S603 (our server, fixed arguments)
            [sys.executable, "-m", "gemeinwerk.serve", "--port", str(port), "--proxy-headers"],
            cwd=ROOT,
            env={**env, "DJANGO_SETTINGS_MODULE": "bench.speed_settings"},
        )
        for _ in range(200):
            if server.poll() is not None:
                break
            try:
                if get(port, BARE)[0] == 200:
                    return server, port
            except OSError:
                time.sleep(0.1)
        server.kill()
        server.wait()
    raise SystemExit("the server did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="at most, per page")
    parser.add_argument("--seconds", type=float, default=30.0, help="at most, per page")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--warm-up", type=int, default=20, help="requests per page first")
    parser.add_argument("--groups", type=int, default=300, help="added to the demo data")
    parser.add_argument("--points", type=int, default=200, help="contact points added")
    parser.add_argument("--networks", type=int, default=24, help="networks added")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument(
        "--no-page-cache", action="store_true", help="render every page for every request"
    )
    # Internal: the steps that run in their own processes.
    parser.add_argument("--add-listings", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--load-port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--pages", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.add_listings:
        sys.path.insert(0, str(ROOT))
        add_listings(args.groups, args.points, args.networks)
        return
    if args.load_port:
        print(json.dumps(run_load(args.load_port, json.loads(args.pages), args)))
        return
    if args.pages == "profile":
        sys.path.insert(0, str(ROOT))
        print(json.dumps(profile(json.loads(os.environ["BENCH_PAGES"]))))
        return

    own = [sys.executable, __file__]
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="gemeinwerk-bench-") as folder:
        env = set_up(Path(folder))
        env["BENCH_PAGE_CACHE"] = "off" if args.no_page_cache else "on"
        subprocess.run(  # noqa: S603 (this file, fixed arguments)
            [
                *own,
                "--add-listings",
                *("--groups", str(args.groups), "--points", str(args.points)),
                *("--networks", str(args.networks)),
            ],
            cwd=ROOT,
            env=env,
            check=True,
        )
        server, port = serve(env)
        try:
            pages = dict(PAGES)
            found = GROUP_LINK.search(get(port, "/groups/")[1].decode())
            if found is None:
                raise SystemExit("no group in the directory")
            pages["a group page"] = found.group(1)
            passed = [
                f"--{name}={getattr(args, name.replace('-', '_'))}"
                for name in ("requests", "seconds", "rounds", "connections", "warm-up")
            ]
            loaded = subprocess.run(  # noqa: S603 (this file, fixed arguments)
                [*own, f"--load-port={port}", f"--pages={json.dumps(pages)}", *passed],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=False,
            )
        finally:
            server.terminate()
            server.wait(timeout=10)
        if loaded.returncode != 0:
            raise SystemExit(loaded.stderr)
        results = json.loads(loaded.stdout.strip().splitlines()[-1])
        profiles: dict[str, Any] = {}
        if args.profile:
            profiled = subprocess.run(  # noqa: S603 (this file, fixed arguments)
                [*own, "--pages=profile"],
                cwd=ROOT,
                env={
                    **env,
                    "DJANGO_SETTINGS_MODULE": "bench.speed_settings",
                    "BENCH_PAGES": json.dumps(pages),
                },
                capture_output=True,
                text=True,
                check=True,
            )
            profiles = json.loads(profiled.stdout.strip().splitlines()[-1])

    record = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": " ".join(["bench/page_speed.py", *sys.argv[1:]]),
        "machine": {
            "cpus": os.cpu_count(),
            "load_average_before": load_before,
            "load_average": os.getloadavg(),
            "python": platform.python_version(),
        },
        "added": {
            "groups": args.groups,
            "contact_points": args.points,
            "networks": args.networks,
        },
        "page_cache": not args.no_page_cache,
        "pages": results,
        "profiles": profiles,
    }
    out = ROOT / "var" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / "page_speed.json").write_text(json.dumps(record, indent=2) + "\n")
    print(report(results))
    load = ", ".join(f"{x:.1f}" for x in record["machine"]["load_average"])
    before = ", ".join(f"{x:.1f}" for x in load_before)
    print(f"\nload average {load} at the end ({before} before), {os.cpu_count()} CPUs")
    print("page cache " + ("on" if record["page_cache"] else "off (--no-page-cache)"))
    for name, found in profiles.items():
        parts = ", ".join(f"{k} {ms:.1f} ms" for k, ms in found["ms_per_request_in"].items())
        print(f"\n{name}: {found['ms_per_request']:.1f} ms per request (profiled); {parts}")
        for line in found["most_own_time"]:
            print(f"    {line}")


if __name__ == "__main__":
    main()
