"""Chat in real time under load: how long a message takes to reach the others, how many
go through, and what an open chat page costs the server while it waits.

    .venv/bin/python bench/chat_live.py          (or: make bench-chat; `make bench` runs it too)

Needs PostgreSQL (over its unix socket in /var/run/postgresql) and Redis at
127.0.0.1:6379; without either it says so and ends with an error. For each size (200
and 1,000 connections; `--sizes` chooses):

- a throw-away PostgreSQL database (a copy of one migrated once per run; both dropped at
  the end) and a Redis database of the benchmark's own (`--redis-db`, 9 unless told;
  the tests use 12 and below, CI 15 and 14), emptied before and after;
- N verified members, each in one conversation of 2-10 people and signed in
  (bench/chat_data.py, in bulk through the ORM);
- two server processes, `python -m gemeinwerk.serve` (uvicorn serving
  gemeinwerk.asgi:application; production settings: DEBUG off, no access log) on
  127.0.0.1, sharing the database and Redis (channel layer and cache);
- one WebSocket connection per member to /ws/chat/ (bench/chat_pages.py), every other
  member on the other process, so about half of the deliveries cross processes through
  Redis;
- memory per idle connection: the resident memory (RSS) of both server processes after
  a warm-up and again when all connections are open and have been idle `--idle-seconds`,
  the difference divided by N;
- then `--rate` messages a second (50) for `--seconds` (20), each from a member picked at
  random into their conversation, and the time from sending to the "message" frame at
  every other participant's connection: p50/p99 over every delivery due, a delivery
  that has not come `--drain-seconds` (15) after the last send counting as lost (and as
  infinitely late); the deliveries per second; the time until the sender's "sent".

Also recorded, to see where the time goes: CPU time of both server processes, of Redis,
of this database's PostgreSQL connections and of the clients while sending; Redis
commands and database transactions per message; live events the channel layer dropped
(the servers' "over capacity" lines). Results go to stdout and var/bench/chat_live.json,
the servers' logs to var/bench/chat_live-<size>-server-<n>.log. Goals (issue 14): p99
under 50 ms at 1,000 connections, under 150 KB per idle connection.
"""

import argparse
import asyncio
import hashlib
import json
import os
import platform
import resource
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from chat_pages import HOST, measure
from chat_report import Gauges, gauges_between, read_logs, report

ROOT = Path(__file__).resolve().parents[1]
PG_SOCKET = "/var/run/postgresql"
REDIS_PORT = 6379
REDIS_DB = 9
SIZES = "200,1000"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
# The code measured: the chat app and what its consumer stands on.
CODE = ["gemeinwerk/chat", "gemeinwerk/core/consumers.py", "gemeinwerk/core/live.py"]


def fail(message: str) -> None:
    raise SystemExit(f"chat benchmark: {message}")


# --- Services ----------------------------------------------------------------------


def redis_client(db: int) -> Any:
    import redis

    return redis.Redis(host=HOST, port=REDIS_PORT, db=db, socket_connect_timeout=2)


def pg_connect() -> Any:
    import psycopg

    return psycopg.connect(host=PG_SOCKET, dbname="postgres", autocommit=True, connect_timeout=3)


def check_services(redis_db: int) -> None:
    """Both services answer, or the benchmark ends here saying which does not."""
    try:
        redis_client(redis_db).ping()
    except Exception as error:
        fail(
            f"Redis does not answer at {HOST}:{REDIS_PORT} ({type(error).__name__}: {error}); "
            "start it, e.g. `redis-server --daemonize yes --bind 127.0.0.1 --save ''`"
        )
    try:
        with pg_connect() as connection:
            connection.execute("SELECT 1")
    except Exception as error:
        fail(
            f"PostgreSQL does not answer over {PG_SOCKET} ({type(error).__name__}: {error}); "
            "start it, with a role for this user that may create databases"
        )


def create_database(name: str, template: str | None = None) -> None:
    from psycopg import sql

    statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    if template:
        statement = sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
            sql.Identifier(name), sql.Identifier(template)
        )
    with pg_connect() as connection:
        connection.execute(statement)


def drop_database(name: str) -> None:
    from psycopg import sql

    with pg_connect() as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def production_env(folder: Path, redis_db: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    for name in ("REDIS_URL", "CHANNELS_PREFIX", "GEMEINWERK_SERVICES", "LOG_LEVEL"):
        env.pop(name, None)
    env.update(
        GEMEINWERK_ENV="production",
        DEBUG="false",
        SECRET_KEY="bench-" + os.urandom(32).hex() + "-Xy!",
        ALLOWED_HOSTS=HOST,
        REDIS_URL=f"redis://{HOST}:{REDIS_PORT}/{redis_db}",
        STATIC_ROOT=str(folder / "static"),
        MEDIA_ROOT=str(folder / "media"),
        EMAIL_URL="dummymail://",
        DJANGO_SETTINGS_MODULE="gemeinwerk.settings",
    )
    return env


def raise_open_file_limit(needed: int) -> int:
    """Every connection is a file at both ends; the servers inherit the limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = max(needed, soft) if hard == resource.RLIM_INFINITY else min(hard, max(needed, soft))
    if wanted > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    if wanted < needed:
        fail(f"the open-file limit is {hard}, {needed} are needed: raise it (ulimit -Hn)")
    return wanted


def code_fingerprint() -> str:
    digest = hashlib.sha256()
    for entry in CODE:
        path = ROOT / entry
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            if "tests" not in file.parts:
                digest.update(file.read_bytes())
    return digest.hexdigest()[:12]


# --- Server processes ----------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    def log_tail(self, lines: int = 20) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def start_server(env: dict[str, str], log: Path) -> Server:
    port = free_port()
    with log.open("wb") as sink:
        process = subprocess.Popen(  # noqa: S603 (our server, fixed arguments)
            [sys.executable, "-m", "gemeinwerk.serve", "--host", HOST, "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    return Server(process, port, log)


def wait_until_ready(server: Server, seconds: float = 60.0) -> None:
    """/healthz answers 200: the database, the cache and the channel layer work."""
    deadline = time.monotonic() + seconds
    status = 0
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            fail(f"a server process ended at its start:\n{server.log_tail()}")
        request = urllib.request.Request(f"http://{HOST}:{server.port}/healthz")
        try:
            with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 (127.0.0.1)
                status = int(response.status)
        except urllib.error.HTTPError as error:
            status = error.code
        except OSError:
            status = 0
        if status == 200:
            return
        time.sleep(0.2)
    fail(f"a server was not healthy within {seconds:.0f} s (last answer {status})")


def stop_server(server: Server) -> None:
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(timeout=5)


def cpu_seconds(pid: int) -> float:
    """User plus system time of a process so far; 0 when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    # After the command: fields 3 (state) onwards; utime and stime are fields 14 and 15.
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


# --- What the services did during the sending ----------------------------------------


def read_gauges(servers: list[Server], redis_db: int, database: str) -> Gauges:
    info = redis_client(redis_db).info()
    with pg_connect() as connection:
        pids = [
            row[0]
            for row in connection.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s", (database,)
            )
        ]
        row = connection.execute(
            "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = %s",
            (database,),
        ).fetchone()
    return Gauges(
        servers=sum(cpu_seconds(s.process.pid) for s in servers),
        redis_cpu=float(info["used_cpu_user"]) + float(info["used_cpu_sys"]),
        redis_commands=int(info["total_commands_processed"]),
        database_cpu={pid: cpu_seconds(pid) for pid in pids},
        transactions=int(row[0]) if row else 0,
        clients=time.process_time(),
        wall=time.perf_counter(),
    )


# --- One size ------------------------------------------------------------------------


def event_loop_factory() -> Callable[[], asyncio.AbstractEventLoop] | None:
    """uvloop when installed (uvicorn uses it too): the clients' own overhead is in every
    latency, so it should be small."""
    try:
        import uvloop
    except ImportError:
        return None
    factory: Callable[[], asyncio.AbstractEventLoop] = uvloop.new_event_loop
    return factory


def run_size(size: int, env: dict[str, str], folder: Path, args: argparse.Namespace) -> dict:
    database = env["BENCH_DATABASE"]
    redis_client(args.redis_db).flushdb()
    made = folder / f"members-{size}.json"
    options = ["--seed", str(args.seed), "--out", str(made)]
    subprocess.run(  # noqa: S603 (our script, fixed arguments)
        [sys.executable, str(ROOT / "bench" / "chat_data.py"), str(size), *options],
        cwd=ROOT,
        env=env,
        check=True,
    )
    data = json.loads(made.read_text())
    load_before = os.getloadavg()
    servers = [start_server(env, folder / f"server-{size}-{n}.log") for n in range(2)]
    try:
        for server in servers:
            wait_until_ready(server)
        ports = [server.port for server in servers]
        pids = [server.process.pid for server in servers]

        async def gauges() -> Gauges:
            return await asyncio.to_thread(read_gauges, servers, args.redis_db, database)

        async def bounded() -> tuple[dict[str, Any], Any, Any]:
            return await asyncio.wait_for(measure(data, ports, pids, args, gauges), args.size_limit)

        try:
            result, before, after = asyncio.run(bounded(), loop_factory=event_loop_factory())
        except TimeoutError:
            fail(f"{size} connections: not done within {args.size_limit:.0f} s")
    finally:
        for server in servers:
            stop_server(server)
        redis_client(args.redis_db).flushdb()
    result["load"] = gauges_between(before, after, result["answers"].get("sent", 0))
    result["load_average"] = {"before": load_before, "after": os.getloadavg()}
    result.update(read_logs([server.log for server in servers]))
    out = ROOT / "var" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    for n, server in enumerate(servers):
        (out / f"chat_live-{size}-server-{n}.log").write_bytes(server.log.read_bytes())
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default=SIZES, help="connections, comma-separated")
    parser.add_argument("--rate", type=float, default=50.0, help="messages a second")
    parser.add_argument("--seconds", type=float, default=20.0, help="of sending")
    parser.add_argument("--drain-seconds", type=float, default=15.0, help="wait for the last")
    parser.add_argument("--idle-seconds", type=float, default=5.0, help="before weighing")
    parser.add_argument("--connect-concurrency", type=int, default=50)
    parser.add_argument("--connect-timeout", type=float, default=30.0)
    parser.add_argument("--size-limit", type=float, default=600.0, help="seconds per size")
    parser.add_argument("--redis-db", type=int, default=REDIS_DB)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument(
        "--no-compression", action="store_true", help="pages offer no per-message deflate"
    )
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    if not sizes or min(sizes) < 2:
        fail("sizes of 2 connections or more, please")
    if not 0 <= args.redis_db <= 15:
        fail("--redis-db is a Redis database number, 0-15")
    if not (args.rate > 0 and args.seconds > 0):
        fail("--rate and --seconds must be above 0")

    open_files = raise_open_file_limit(2 * max(sizes) + 1024)
    check_services(args.redis_db)
    load_before = os.getloadavg()
    template = f"gw_bench_chat_{os.getpid()}"
    results: list[dict[str, Any]] = []
    began = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="gemeinwerk-bench-chat-") as folder:
        env = production_env(Path(folder), args.redis_db)
        create_database(template)
        try:
            subprocess.run(
                [sys.executable, "manage.py", "migrate", "--noinput", "--verbosity", "0"],
                cwd=ROOT,
                env={**env, "DATABASE_URL": f"postgres:///{template}?host={PG_SOCKET}"},
                check=True,
            )
            for size in sizes:
                name = f"{template}_{size}"
                create_database(name, template=template)
                try:
                    print(f"{size} connections ...", file=sys.stderr, flush=True)
                    size_env = {
                        **env,
                        "DATABASE_URL": f"postgres:///{name}?host={PG_SOCKET}",
                        "BENCH_DATABASE": name,
                    }
                    results.append(run_size(size, size_env, Path(folder), args))
                finally:
                    drop_database(name)
        finally:
            drop_database(template)
    record = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": " ".join(["bench/chat_live.py", *sys.argv[1:]]),
        "code": code_fingerprint(),
        "machine": {
            "cpus": os.cpu_count(),
            "load_average_before": load_before,
            "load_average": os.getloadavg(),
            "python": platform.python_version(),
            "open_file_limit": open_files,
        },
        "rate": args.rate,
        "seconds": args.seconds,
        "drain_seconds": args.drain_seconds,
        "compression": not args.no_compression,
        "wall_seconds": round(time.monotonic() - began, 1),
        "sizes": results,
    }
    out = ROOT / "var" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / "chat_live.json").write_text(json.dumps(record, indent=2) + "\n")
    print(report(results, args.drain_seconds))
    average = ", ".join(f"{x:.1f}" for x in record["machine"]["load_average"])
    print(
        f"\n{args.rate:g} messages/s for {args.seconds:g} s; load average {average} at the end, "
        f"{os.cpu_count()} CPUs; chat code {record['code']}; {record['wall_seconds']} s in all"
    )


if __name__ == "__main__":
    main()
