"""How many bytes a visitor's browser transfers for a page, in production settings.

    .venv/bin/python bench/page_weight.py          (or: make bench-pages)

Sets up a throw-away installation (SQLite, demo data, `collectstatic` with hashed and
compressed files), then asks for each page as a first-time visitor's browser would: the
HTML, then every style sheet, script and icon it links from /static/, and the fonts the
style sheets declare (all of them: a browser loads only the weights a page uses, so this
is an upper bound), with `Accept-Encoding: br, gzip`. A repeat visit loads the HTML again
and every file whose Cache-Control does not let the browser keep it (neither `immutable`
nor a max-age of a day or more). Bytes are the bodies as sent (compressed) plus the
response headers written as HTTP/1.1. Results go to stdout and var/bench/page_weight.json.

`--measure` runs only the measuring part, in an installation that is already set up (the
environment names it): tests/test_production.py uses it with its own.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

ROOT = Path(__file__).resolve().parents[1]
HOST = "gemeinwerk.example"
DAY_SECONDS = 86_400
DEFAULT_PAGES = ["/", "/groups/", "group", "/places/"]

STATIC_LINK = re.compile(r'<(?:link|script|img)\b[^>]*?\b(?:href|src)="(/static/[^"]+)"')
CSS_URL = re.compile(r"""url\(\s*['"]?(?!data:)([^'")]+)['"]?\s*\)""")
GROUP_LINK = re.compile(r'href="(/groups/(?!propose/|mine/)[\w-]+/)"')


def production_env(folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.pop("REDIS_URL", None)
    env.update(
        GEMEINWERK_ENV="production",
        DEBUG="false",
        SECRET_KEY="bench-" + os.urandom(32).hex() + "-Xy!",
        ALLOWED_HOSTS=HOST,
        DATABASE_URL=f"sqlite:///{folder / 'bench.sqlite3'}",
        STATIC_ROOT=str(folder / "static"),
        DJANGO_SETTINGS_MODULE="gemeinwerk.settings",
    )
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(  # noqa: S603 (our manage.py, fixed arguments)
        [sys.executable, "manage.py", *args, "--verbosity", "0"], cwd=ROOT, env=env, check=True
    )


def set_up(folder: Path) -> dict[str, str]:
    env = production_env(folder)
    manage(env, "migrate", "--noinput")
    # The demo data refuses production settings; the same database takes it in development.
    manage({**env, "GEMEINWERK_ENV": "development", "DEBUG": "false"}, "seed_demo", "--quiet")
    manage(env, "collectstatic", "--noinput")
    return env


def header_bytes(response: Any) -> int:
    lines = [f"HTTP/1.1 {response.status_code} {response.reason_phrase}"]
    lines += [f"{name}: {value}" for name, value in response.headers.items()]
    lines += [f"Set-Cookie: {morsel.OutputString()}" for morsel in response.cookies.values()]
    return len("\r\n".join(lines).encode()) + 4


def body(response: Any) -> bytes:
    if response.streaming:
        content = b"".join(response.streaming_content)
        response.close()
        return content
    return bytes(response.content)


def keeps(cache_control: str) -> bool:
    """Whether a browser reuses the file on a repeat visit without asking again."""
    directives = [part.strip().lower() for part in cache_control.split(",")]
    if "immutable" in directives:
        return True
    ages = [int(d.split("=", 1)[1]) for d in directives if d.startswith("max-age=")]
    return bool(ages) and ages[0] >= DAY_SECONDS


def measure(paths: list[str]) -> dict[str, Any]:
    import django

    django.setup()
    from django.test import Client

    def fetch(client: Client, url: str, encodings: str = "br, gzip") -> tuple[Any, bytes]:
        response = client.get(
            url, secure=True, headers={"host": HOST, "accept-encoding": encodings}
        )
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        return response, body(response)

    results: dict[str, Any] = {}
    for path in paths:
        client = Client()
        if path == "group":
            _, directory = fetch(client, "/groups/")
            found = GROUP_LINK.search(directory.decode())
            if found is None:
                continue
            path = found.group(1)
        page, html = fetch(client, path)
        files: dict[str, dict[str, Any]] = {}
        queue = list(dict.fromkeys(STATIC_LINK.findall(html.decode())))
        while queue:
            url = queue.pop(0)
            if url in files:
                continue
            response, content = fetch(client, url)
            files[url] = {
                "bytes": len(content) + header_bytes(response),
                "encoding": response.headers.get("Content-Encoding", ""),
                "kept": keeps(response.headers.get("Cache-Control", "")),
            }
            if url.endswith(".css"):
                # Style sheets name fonts relative to themselves; read them uncompressed.
                _, plain = fetch(Client(), url, encodings="identity")
                queue += [urljoin(url, ref) for ref in CSS_URL.findall(plain.decode())]
        # The repeat visit, with the cookies of the first.
        again, again_html = fetch(client, path)
        html_bytes = len(html) + header_bytes(page)
        first = html_bytes + sum(f["bytes"] for f in files.values())
        repeat = (
            len(again_html)
            + header_bytes(again)
            + sum(f["bytes"] for f in files.values() if not f["kept"])
        )
        results[path] = {
            "first_visit_bytes": first,
            "repeat_visit_bytes": repeat,
            "html_bytes": html_bytes,
            "files": files,
        }
    return results


def report(results: dict[str, Any]) -> str:
    rows = ["| page | first visit | repeat visit | HTML | static files |", "|---|---|---|---|---|"]
    for path, result in results.items():
        rows.append(
            f"| `{path}` | {result['first_visit_bytes'] / 1024:.1f} KB"
            f" | {result['repeat_visit_bytes'] / 1024:.1f} KB"
            f" | {result['html_bytes'] / 1024:.1f} KB | {len(result['files'])} |"
        )
    largest = max(results.values(), key=lambda r: r["first_visit_bytes"])["files"]
    rows.append("")
    rows.append("Static files of the heaviest page, as sent:")
    for url, file in sorted(largest.items(), key=lambda item: -item[1]["bytes"]):
        encoding = file["encoding"] or "as is"
        kept = "kept" if file["kept"] else "fetched again"
        rows.append(f"- {url}: {file['bytes'] / 1024:.1f} KB ({encoding}, {kept})")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measure", action="store_true", help="measure only, print JSON")
    parser.add_argument("pages", nargs="*", default=DEFAULT_PAGES, help="'group': the first group")
    args = parser.parse_args()
    if args.measure:
        sys.path.insert(0, str(ROOT))
        print(json.dumps(measure(args.pages)))
        return
    with tempfile.TemporaryDirectory(prefix="gemeinwerk-bench-") as folder:
        env = set_up(Path(folder))
        result = subprocess.run(  # noqa: S603 (this file, fixed arguments)
            [sys.executable, __file__, "--measure", *args.pages],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    if result.returncode != 0:
        raise SystemExit(result.stderr)
    results = json.loads(result.stdout.strip().splitlines()[-1])
    out = ROOT / "var" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / "page_weight.json").write_text(json.dumps(results, indent=2) + "\n")
    print(report(results))


if __name__ == "__main__":
    main()
