"""The chat benchmark's arithmetic and report (bench/chat_live.py): what the services
did while the messages went out, what the servers' logs say, and the table."""

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

GOAL_P99_MS = 50.0
GOAL_SIZE = 1000
GOAL_IDLE_KB = 150.0
# channels-redis, when a group_send finds a channel full and drops the event for it.
OVER_CAPACITY = re.compile(r"(\d+) of \d+ channels over capacity in group (\w+)\.")


@dataclass
class Gauges:
    """CPU seconds and counters at one moment, to subtract."""

    servers: float
    redis_cpu: float
    redis_commands: int
    database_cpu: dict[int, float]
    transactions: int
    clients: float
    wall: float


def gauges_between(before: Gauges, after: Gauges, messages: int) -> dict[str, Any]:
    wall = after.wall - before.wall
    database = sum(cpu - before.database_cpu.get(p, 0.0) for p, cpu in after.database_cpu.items())
    servers = after.servers - before.servers
    per_message = max(messages, 1)
    return {
        "seconds": round(wall, 2),
        "cpu_share": {
            "servers": round(servers / wall, 3),
            "database": round(database / wall, 3),
            "redis": round((after.redis_cpu - before.redis_cpu) / wall, 3),
            "clients": round((after.clients - before.clients) / wall, 3),
        },
        "server_cpu_ms_per_message": round(servers / per_message * 1000, 1),
        "redis_commands_per_message": round(
            (after.redis_commands - before.redis_commands) / per_message, 1
        ),
        "database_transactions_per_message": round(
            (after.transactions - before.transactions) / per_message, 1
        ),
    }


def read_logs(logs: list[Path]) -> dict[str, Any]:
    """Live events the channel layer dropped (a full channel), and other complaints."""
    dropped = {"chat": 0, "person": 0}
    complaints: list[str] = []
    for log in logs:
        for line in log.read_text(errors="replace").splitlines():
            found = OVER_CAPACITY.search(line)
            if found:
                dropped[found.group(2)] = dropped.get(found.group(2), 0) + int(found.group(1))
            elif any(word in line for word in ("WARNING", "ERROR", "Traceback")):
                complaints.append(line.strip())
    return {"events_dropped": dropped, "server_complaints": complaints[:20]}


def ms(value: float | None, drain: float) -> str:
    return f"> {drain:g} s (lost)" if value is None else f"{value:.1f} ms"


def report(results: list[dict[str, Any]], drain: float) -> str:
    rows = [
        '| connections | conversations | stored ("sent") | deliveries | lost | p50 | p99 '
        '| deliveries/s | "sent" p50 / p99 | memory per idle connection |',
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        rows.append(
            f"| {r['connected']} of {r['connections']} | {r['conversations']} "
            f"| {r['answers'].get('sent', 0)} of {r['messages_sent']} "
            f"| {r['deliveries']} of {r['deliveries_expected']} | {r['lost']} "
            f"| {ms(r['p50_ms'], drain)} | {ms(r['p99_ms'], drain)} "
            f"| {r['deliveries_per_second']} | {r['answer_p50_ms']} / {r['answer_p99_ms']} ms "
            f"| {r['kb_per_idle_connection']} KB |"
        )
    for r in results:
        load = r["load"]
        share = ", ".join(f"{k} {v * 100:.0f} %" for k, v in load["cpu_share"].items())
        average = ", ".join(
            f"{a[0]:.1f}" for a in (r["load_average"]["before"], r["load_average"]["after"])
        )
        rows += [
            "",
            f"{r['connections']} connections (load average {average} before, after):",
            f"  arrived only: p50 {r['arrived_p50_ms']} ms, p99 {r['arrived_p99_ms']} ms; "
            f"{r['stored_per_second']} messages stored per second; {r['unanswered']} unanswered; "
            f"duplicates {r['duplicates']}; connections closed by the server "
            f"{r['connections_dropped']}; connecting took {r['connect_seconds']} s",
            f"  CPU from the first send to the end of the wait, of one core: {share}; per message "
            f"{load['server_cpu_ms_per_message']} ms server CPU, "
            f"{load['redis_commands_per_message']} Redis commands, "
            f"{load['database_transactions_per_message']} database transactions",
            f"  live events dropped by the channel layer (full channels): {r['events_dropped']}",
            f"  frames: {r['frames']}",
        ]
        rows += [f"  server: {line}" for line in r["server_complaints"][:5]]
    for r in results:
        if r["connections"] != GOAL_SIZE:
            continue
        p99 = r["p99_ms"] if r["p99_ms"] is not None else float("inf")
        rows.append(
            f"\nGoals at {GOAL_SIZE} connections: p99 {ms(r['p99_ms'], drain)} "
            f"(under {GOAL_P99_MS:.0f} ms: {'met' if p99 < GOAL_P99_MS else 'NOT met'}); "
            f"{r['kb_per_idle_connection']} KB per idle connection (under {GOAL_IDLE_KB:.0f} KB: "
            f"{'met' if r['kb_per_idle_connection'] < GOAL_IDLE_KB else 'NOT met'})"
        )
    return "\n".join(rows)
