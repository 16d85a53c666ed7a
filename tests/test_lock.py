"""The lock files decide what a machine installs: the same clone gives the same versions
tomorrow. `make upgrade` refreshes them (docs/development.md)."""

import re
import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ROOT / "requirements"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def pins(name: str) -> dict[str, str]:
    """Package -> version, for the pins whose environment marker fits this machine."""
    found: dict[str, str] = {}
    for line in (REQUIREMENTS / name).read_text().splitlines():
        match = PIN.match(line)
        if not match:
            continue
        package, pinned, marker = match.groups()
        if marker and not Marker(marker).evaluate():
            continue
        found[canonicalize_name(package)] = pinned
    return found


def hashed(name: str) -> bool:
    """Every pin is followed by at least one hash (pip's --require-hashes needs them)."""
    lines = (REQUIREMENTS / name).read_text().splitlines()
    for number, line in enumerate(lines):
        if PIN.match(line) and "--hash=sha256:" not in lines[number + 1]:
            return False
    return True


def declared(*extras: str) -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = list(project["dependencies"])
    for extra in extras:
        requirements += project["optional-dependencies"][extra]
    return {canonicalize_name(Requirement(item).name) for item in requirements}


@pytest.mark.parametrize("lock", ["run.txt", "dev.txt"])
def test_every_pin_carries_hashes(lock: str) -> None:
    assert pins(lock), f"{lock} pins nothing"
    assert hashed(lock)


def test_every_declared_dependency_is_pinned() -> None:
    assert declared() <= set(pins("run.txt"))
    assert declared("dev") <= set(pins("dev.txt"))
    # The tools that build and refresh the environment come from the lock as well.
    assert {"setuptools", "uv"} <= set(pins("dev.txt"))


def test_run_and_dev_locks_agree() -> None:
    run, dev = pins("run.txt"), pins("dev.txt")
    assert {name: run[name] for name in run} == {name: dev[name] for name in run}


def test_this_environment_is_the_locked_one() -> None:
    # What the suite runs on must be what the lock says, so that a fresh machine tests
    # the same packages: a drifted environment fails here instead of somewhere obscure.
    drifted = {}
    for package, pinned in pins("dev.txt").items():
        try:
            installed = version(package)
        except PackageNotFoundError:
            drifted[package] = (pinned, "missing")
            continue
        if Version(installed) != Version(pinned):
            drifted[package] = (pinned, installed)
    assert drifted == {}
