"""Production mode, run in fresh processes because settings are read once at start-up."""

import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
HOST = "gemeinwerk.example"
# WhiteNoise writes .br files only when the brotli package is installed.
BROTLI = importlib.util.find_spec("brotli") is not None


def production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        GEMEINWERK_ENV="production",
        DEBUG="false",
        SECRET_KEY="p" + os.urandom(32).hex() + "-Xy!",
        ALLOWED_HOSTS=HOST,
        DATABASE_URL=f"sqlite:///{tmp_path / 'production.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
        DJANGO_SETTINGS_MODULE="gemeinwerk.settings",
    )
    env.pop("REDIS_URL", None)
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_deploy_check_has_no_warnings(tmp_path: Path):
    result = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    output = result.stdout + result.stderr
    assert "WARNINGS:" not in output
    assert "ERRORS:" not in output
    # The single-process note (SQLite, no Redis) is information, not a warning.
    assert "gemeinwerk.I001" in output


@pytest.mark.postgres
@pytest.mark.redis
def test_deploy_check_is_silent_with_postgresql_and_redis(tmp_path: Path):
    # The real services: some checks ask the database for its version.
    env = production_env(
        tmp_path,
        DATABASE_URL=os.environ["DATABASE_URL"],
        REDIS_URL=os.environ["REDIS_URL"],
    )

    result = manage(env, "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_refuses_mail_that_nobody_receives(tmp_path: Path):
    env = production_env(tmp_path, EMAIL_URL="consolemail://")

    result = manage(env, "check", "--deploy")

    assert result.returncode != 0
    assert "gemeinwerk.E001" in result.stderr


@pytest.mark.parametrize(
    ("missing", "message"),
    [("SECRET_KEY", "SECRET_KEY is required"), ("ALLOWED_HOSTS", "ALLOWED_HOSTS is required")],
)
def test_production_refuses_to_start_without(tmp_path: Path, missing: str, message: str):
    env = production_env(tmp_path)
    del env[missing]

    result = manage(env, "check")

    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        (
            # Fixed, not random: parallel test workers must collect the same test names.
            "django-insecure-" + "k" * 20 + "5f0c3e9a17b24d68a0e1c7f39b2d4a6e8c1f0b3d5e7a9c2f",
            "it is Django's insecure example key",
        ),
        ("kurz-und-geheim-2026", "it has 20 characters, at least 50 are needed"),
        ("ab" * 40, "it repeats too few different characters"),
    ],
)
def test_production_refuses_a_weak_secret_key(tmp_path: Path, key: str, reason: str):
    result = manage(production_env(tmp_path, SECRET_KEY=key), "check")

    assert result.returncode != 0
    assert f"SECRET_KEY is too weak: {reason}" in result.stderr
    assert key not in result.stderr, "the key itself must not reach the log"


def test_production_refuses_a_weak_former_key(tmp_path: Path):
    # A former key still verifies sessions and decrypts two-factor secrets.
    env = production_env(tmp_path, SECRET_KEY_FALLBACKS="s3cret")

    result = manage(env, "check")

    assert result.returncode != 0
    assert "SECRET_KEY_FALLBACKS[0] is too weak: it has 6 characters" in result.stderr
    assert "s3cret" not in result.stderr


def test_host_lists_forgive_spaces(tmp_path: Path):
    env = production_env(tmp_path, ALLOWED_HOSTS=f"other.example, {HOST} ,")

    result = manage(
        env, "shell", "-c", "from django.conf import settings; print(settings.ALLOWED_HOSTS)"
    )

    assert result.stdout.strip().splitlines()[-1] == f"['other.example', '{HOST}']"


def test_production_refuses_debug(tmp_path: Path):
    result = manage(production_env(tmp_path, DEBUG="true"), "check")

    assert result.returncode != 0
    assert "DEBUG must be off" in result.stderr


FETCH = """
import json, django
django.setup()
from django.test import Client
client = Client()
out = {}
requests = [("home", "/", True), ("plain", "/", False), ("health", "/healthz", False)]
for name, path, secure in requests:
    r = client.get(path, secure=secure, headers={"host": "%s"})
    out[name] = {"status": r.status_code, "headers": dict(r.headers),
                 "body": r.content.decode()}
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def production_site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of an installation with its database and collected static files."""
    tmp_path = tmp_path_factory.mktemp("production")
    env = production_env(tmp_path)
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        result = manage(env, *command, "--verbosity", "0")
        assert result.returncode == 0, result.stderr
    return env


@pytest.fixture(scope="module")
def production_responses(production_site: dict[str, str]) -> dict[str, Any]:
    env = production_site
    result = subprocess.run(
        [sys.executable, "-c", FETCH % HOST],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    responses: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    responses["static_root"] = env["STATIC_ROOT"]
    return responses


def test_production_headers(production_responses: dict[str, Any]):
    home = production_responses["home"]
    headers = home["headers"]

    assert home["status"] == 200
    policy = headers["Content-Security-Policy"]
    assert "'nonce-" in policy
    assert "'strict-dynamic'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"


def test_production_serves_hashed_compressed_static_files(
    production_responses: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
):
    body = production_responses["home"]["body"]
    static_root = Path(production_responses["static_root"])

    hashed = re.search(r"/static/(vendor/kern/kern\.min\.[0-9a-f]{12}\.css)", body)
    assert hashed is not None, "the manifest should replace kern.min.css with a hashed name"
    assert (static_root / hashed.group(1)).exists()
    assert (static_root / f"{hashed.group(1)}.gz").exists()
    assert (static_root / f"{hashed.group(1)}.br").exists() or not BROTLI


def test_production_redirects_plain_http_except_health(production_responses: dict[str, Any]):
    plain = production_responses["plain"]
    assert plain["status"] == 301
    assert plain["headers"]["Location"] == f"https://{HOST}/"

    health = production_responses["health"]
    assert health["status"] == 200
    assert json.loads(health["body"])["status"] == "ok"


# Page weight: bytes, not time. bench/page_weight.py asks for a page as a first-time
# visitor's browser would (the HTML, every linked static file and every declared font,
# compressed as served) and again as a returning one (what Cache-Control lets it keep).
FIRST_VISIT_BUDGET = 150 * 1024
REPEAT_VISIT_BUDGET = 20 * 1024


@pytest.fixture(scope="module")
def page_weights(production_site: dict[str, str]) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "bench/page_weight.py", "--measure", "/", "/groups/", "/places/"],
        cwd=ROOT,
        env=production_site,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    weights: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return weights


@pytest.mark.parametrize("path", ["/", "/groups/", "/places/"])
def test_a_first_visit_stays_within_150_kb(page_weights: dict[str, Any], path: str):
    weight = page_weights[path]

    assert weight["first_visit_bytes"] <= FIRST_VISIT_BUDGET, json.dumps(weight, indent=1)
    # The fonts are part of it: a page that lost its fonts would pass for the wrong reason.
    assert sum(".woff2" in url for url in weight["files"]) == 4


@pytest.mark.parametrize("path", ["/", "/groups/", "/places/"])
def test_a_repeat_visit_stays_within_20_kb(page_weights: dict[str, Any], path: str):
    weight = page_weights[path]

    assert weight["repeat_visit_bytes"] <= REPEAT_VISIT_BUDGET, json.dumps(weight, indent=1)
    assert all(file["kept"] for file in weight["files"].values())


def test_static_files_are_compressed_and_cached_for_good(page_weights: dict[str, Any]):
    files = page_weights["/"]["files"]

    for url, file in files.items():
        assert re.search(r"\.[0-9a-f]{12}\.\w+$", url), f"{url} has no hashed name"
        if not url.endswith(".woff2"):  # WOFF2 is compressed inside already
            assert file["encoding"] == ("br" if BROTLI else "gzip"), url


def test_only_the_subset_fonts_are_served(production_site: dict[str, str]):
    from fontTools.ttLib import TTFont

    fonts = sorted(Path(production_site["STATIC_ROOT"]).glob("vendor/kern/fonts/**/*.woff2"))
    # Regular, Medium, SemiBold and Bold, each also under its hashed name.
    assert len(fonts) == 8
    for font in fonts:
        assert font.stat().st_size < 30_000, f"{font.name} is not subset"
        characters = set(TTFont(font).getBestCmap())
        # German, Polish and English text with its typography.
        needed = "AZaz09ÄÖÜäöüßĄĆĘŁŃÓŚŹŻąćęłńóśźż„“”«»…·€→"
        needed += "\u201a\u2018\u2019\u2013\u2014"  # quotation marks and dashes
        missing = [c for c in needed if ord(c) not in characters]
        assert not missing, f"{font.name} lacks {missing}"
