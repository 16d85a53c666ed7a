"""The apps form layers: an app imports only the ones below it, so that a new app plugs
in from its own apps.py (registries and hooks) instead of being named below.

    core, audit  <  console  <  places  <  notifications  <  accounts  <  moderation
        <  networks  <  chat  <  groups  <  meetings  <  help  <  market  <  programme

core's own scan (names, URL names and rules too) is core/tests/test_registries.py."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "gemeinwerk"
LAYERS = [
    "core",
    "audit",
    "console",
    "places",
    "notifications",
    "accounts",
    "moderation",
    "networks",
    "chat",
    "groups",
    "meetings",
    "help",
    "market",
    "programme",
]
BELOW = {
    "core": 0,
    "audit": 0,
    "console": 1,
    "places": 2,
    "notifications": 3,
    "accounts": 4,
    "moderation": 5,
    "networks": 6,
    "chat": 7,
    "groups": 8,
    "meetings": 9,
    "help": 10,
    "market": 11,
    "programme": 12,
}
# Exceptions to the layers, each with its reason. None: keep it that way.
KNOWN: set[tuple[str, str]] = set()


def apps_in_the_package() -> set[str]:
    return {path.parent.name for path in PACKAGE.glob("*/apps.py")}


def absolute(path: Path, node: ast.ImportFrom) -> str:
    """`from ..groups import x` in gemeinwerk/meetings/views.py is gemeinwerk.groups."""
    if not node.level:
        return node.module or ""
    package = list(path.relative_to(PACKAGE.parent).with_suffix("").parts[: -node.level])
    return ".".join([*package, *([node.module] if node.module else [])])


def imported_apps(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom):
            module = absolute(path, node)
            names = [module] + [f"{module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            # Dotted paths in strings count too: include("gemeinwerk.groups.urls").
            names = [node.value] if node.value.startswith("gemeinwerk.") else []
        for name in names:
            parts = name.split(".")
            if len(parts) > 1 and parts[0] == "gemeinwerk" and parts[1] in BELOW:
                found.add(parts[1])
    return found


def upward_imports(app: str) -> set[tuple[str, str]]:
    upward = set()
    for path in sorted((PACKAGE / app).rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if {"tests", "migrations"} & set(relative.parts):
            continue
        for other in imported_apps(path):
            if BELOW[other] > BELOW[app]:
                upward.add((str(relative), f"gemeinwerk.{other}"))
    return upward


def test_every_app_has_its_layer():
    # A new app (chat, help, ...) takes its place here, or its imports go unchecked.
    assert apps_in_the_package() == set(LAYERS)


@pytest.mark.parametrize("app", LAYERS)
def test_an_app_imports_no_app_above_it(app: str):
    assert upward_imports(app) - KNOWN == set()


def test_the_scan_sees_an_import_from_above(tmp_path: Path):
    module = tmp_path / "x.py"
    module.write_text(
        "from gemeinwerk.meetings.revoke import revoke_host_seats\nimport os\n"
        'urls = include("gemeinwerk.groups.office_urls")\n'
    )

    assert imported_apps(module) == {"meetings", "groups"}


def test_the_scan_sees_a_relative_import_from_above():
    module = PACKAGE / "places" / "x.py"
    tree = ast.parse("from ..groups.models import Group\nfrom . import views\n")
    found = {absolute(module, node) for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}

    assert found == {"gemeinwerk.groups.models", "gemeinwerk.places"}
