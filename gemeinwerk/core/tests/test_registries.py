"""The registries that let an app plug in from its own apps.py: the header's navigation,
the demo data and the daily housekeeping. Core names no app above it."""

import ast
import logging
import re
from collections.abc import Iterator
from importlib.util import find_spec
from io import StringIO
from pathlib import Path

import pytest
import rules
from django.apps import apps
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import get_resolver, reverse

from gemeinwerk.accounts.tests.more_factories import make_verified, signed_in, url
from gemeinwerk.core import demo, housekeeping, navigation
from gemeinwerk.core.demo import DemoLogin

# --- navigation ---------------------------------------------------------------------


@pytest.fixture
def own_navigation(monkeypatch: pytest.MonkeyPatch) -> None:
    """Test entries go into copies, so that no other test sees them."""
    monkeypatch.setattr(navigation, "_main", dict(navigation._main))
    monkeypatch.setattr(navigation, "_personal", dict(navigation._personal))


def test_the_header_keeps_its_order():
    assert [entry.url_name for entry in navigation.main_entries()] == [
        "core:home",
        "market:browse",
        "places:list",
        "networks:list",
        "groups:list",
        "join:form",
        "programme:about",
        "help:index",
    ]
    assert [entry.url_name for entry in navigation.personal_entries()] == [
        "groups:mine",
        "networks:appointments",
        "programme:evaluation",
        "programme:mine",
        "networks:mine",
        "market:mine",
        "chat:inbox",
        "notifications:list",
        "staff:queue",
        "admin:index",
    ]


def test_every_navigation_entry_reverses_and_names_a_known_rule():
    for entry in navigation.main_entries() + navigation.personal_entries():
        assert reverse(entry.url_name)
    for personal in navigation.personal_entries():
        assert rules.perm_exists(personal.permission), personal.permission


def main_labels(html: str) -> list[str]:
    nav = html.split('aria-label="Main navigation"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r"<a [^>]*>([^<]+)</a>", nav)


@pytest.mark.django_db
@pytest.mark.usefixtures("own_navigation")
def test_a_main_entry_registered_by_an_app_shows_in_the_header_at_its_place():
    navigation.register_main("me:overview", "Test entry", order=35)

    html = Client().get(url("core:home")).content.decode()

    assert main_labels(html) == [
        "Home",
        "Neighbourhood help",
        "Contact points",
        "Networks",
        "Self-help groups",
        "Test entry",
        "Join a meeting",
        "Facility programme",
        "Help",
    ]
    assert f'href="{url("me:overview")}"' in html.split("</nav>", 1)[0]


@pytest.fixture
def everybody_rule() -> Iterator[str]:
    name = "core.test_registries_everybody"
    rules.add_perm(name, rules.is_authenticated)
    yield name
    rules.remove_perm(name)


@pytest.mark.django_db
@pytest.mark.usefixtures("own_navigation")
def test_a_personal_entry_shows_for_those_its_rule_admits_and_is_marked_current(
    everybody_rule: str,
):
    navigation.register_personal(
        "core:privacy", "Test personal", permission=everybody_rule, order=70
    )
    link = f'href="{url("core:privacy")}" aria-current="page">Test personal</a>'

    as_member = signed_in(make_verified()).get(url("core:privacy")).content.decode()
    as_guest = Client().get(url("core:privacy")).content.decode()

    assert link in as_member
    assert "Test personal" not in as_guest


@pytest.mark.usefixtures("own_navigation")
def test_navigation_refuses_a_second_entry_for_a_name_or_a_place():
    with pytest.raises(ValueError, match="twice"):
        navigation.register_main("groups:list", "Again", order=31)
    with pytest.raises(ValueError, match="taken by 'groups:list'"):
        navigation.register_main("me:overview", "Same place", order=30)
    with pytest.raises(ValueError, match="taken by 'staff:queue'"):
        navigation.register_personal("me:overview", "Same place", permission="x", order=50)


# --- demo data ----------------------------------------------------------------------


def test_demo_seeds_run_in_the_order_of_the_apps_they_need():
    assert [seed.module for seed in demo.demo_seeds()] == [
        "gemeinwerk.places.demo",
        "gemeinwerk.accounts.demo",
        "gemeinwerk.groups.demo",
        "gemeinwerk.networks.demo",
        "gemeinwerk.chat.demo",
        "gemeinwerk.help.demo",
        "gemeinwerk.market.demo",
        "gemeinwerk.programme.demo",
        "gemeinwerk.programme.demo_accounts",
        "gemeinwerk.programme.demo_evaluation",
        "gemeinwerk.programme.demo_rewards",
        "gemeinwerk.programme.demo_exchange",
    ]


def test_every_app_with_a_demo_module_has_registered_it():
    registered = {seed.module for seed in demo.demo_seeds()}
    # core's demo.py is the registry itself.
    ours = [
        config
        for config in apps.get_app_configs()
        if config.name.startswith("gemeinwerk.") and config.name != "gemeinwerk.core"
    ]
    with_demo = {
        f"{config.name}.demo" for config in ours if find_spec(f"{config.name}.demo") is not None
    }

    assert with_demo, "no app has a demo.py: the test looks in the wrong place"
    assert with_demo - registered == set()


CALLS: list[str] = []


def seed() -> list[DemoLogin]:
    """Stands for an app's demo module, registered by its dotted path."""
    CALLS.append("module")
    return [DemoLogin("module role", "module_user", "pw")]


def test_registered_seeds_run_in_their_order_and_their_logins_are_returned(
    monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.setattr(demo, "_seeds", [])
    CALLS.clear()

    def later() -> list[DemoLogin]:
        CALLS.append("later")
        return [DemoLogin("later role", "later_user", "pw")]

    demo.register_demo(later, order=20)
    demo.register_demo(__name__, order=10)

    logins = demo.seed_all()

    assert CALLS == ["module", "later"]
    assert [login.username for login in logins] == ["module_user", "later_user"]


def test_demo_refuses_a_second_seed_at_one_place(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(demo, "_seeds", list(demo._seeds))

    with pytest.raises(ValueError, match=r"order 20 .* taken by gemeinwerk\.accounts\.demo"):
        demo.register_demo(__name__, order=20)
    with pytest.raises(ValueError, match="twice"):
        demo.register_demo("gemeinwerk.groups.demo", order=99)


# --- daily housekeeping -------------------------------------------------------------


@pytest.fixture
def own_jobs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(housekeeping, "_jobs", dict(housekeeping._jobs))


def daily(verbosity: int = 1) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("daily", verbosity=verbosity, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_apps_housekeeping_jobs_are_registered():
    assert {job.name for job in housekeeping.jobs()} == {
        "task results pruned",
        "meeting dates added",
        "handled join requests deleted",
        "room removals of past dates deleted",
        "notification digests sent",
        "meeting reminders planned",
        "phone registrations of past activities forgotten",
        "chat messages past the retention period deleted",
        "decided reports past the retention period deleted",
        "listings reminded and expired",
        "missed check-outs of safe visits told",
        "facility registry uploads older than a day deleted",
        "evaluation cycles opened, reminded and closed",
    }


@pytest.mark.django_db
@pytest.mark.usefixtures("own_jobs")
def test_daily_runs_every_registered_job_and_prints_a_line_for_each():
    ran = []

    def tidy() -> int:
        ran.append(1)
        return 3

    housekeeping.register_job("test things tidied", tidy)

    out, err = daily()

    assert ran == [1]
    assert "test things tidied: 3" in out.splitlines()
    assert "meeting dates added: 0" in out.splitlines()
    assert len(out.splitlines()) == len(housekeeping.jobs())
    assert err == ""


@pytest.mark.django_db
def test_daily_is_silent_at_verbosity_zero():
    assert daily(verbosity=0) == ("", "")


@pytest.mark.django_db
@pytest.mark.usefixtures("own_jobs")
def test_a_failing_job_is_logged_the_others_still_run_and_daily_fails_at_the_end(
    caplog: pytest.LogCaptureFixture,
):
    ran = []

    def broken() -> int:
        raise RuntimeError("the disk is full")

    def working() -> str:
        ran.append(1)
        return "1 thing"

    # Registered before a working one: the failure must not stop it.
    housekeeping.register_job("broken job", broken)
    housekeeping.register_job("working job", working)
    out, err = StringIO(), StringIO()

    with (
        caplog.at_level(logging.ERROR),
        pytest.raises(CommandError, match=r"1 housekeeping job.* failed: broken job"),
    ):
        call_command("daily", verbosity=1, stdout=out, stderr=err)

    assert ran == [1]
    assert "working job: 1 thing" in out.getvalue()
    assert "broken job: failed" in err.getvalue()
    assert "the disk is full" in caplog.text
    assert "'broken job' failed" in caplog.text


@pytest.mark.usefixtures("own_jobs")
def test_housekeeping_refuses_a_job_name_twice():
    with pytest.raises(ValueError, match="twice"):
        housekeeping.register_job("meeting dates added", lambda: 0)


# --- core names no app above it -----------------------------------------------------

CORE = Path(__file__).resolve().parents[1]
APPS_ABOVE = ("groups", "meetings", "places", "accounts", "console")
MODULE = re.compile(rf"^gemeinwerk\.({'|'.join(APPS_ABOVE)})(\.|$)")
RULE = re.compile(rf"^({'|'.join(APPS_ABOVE)})\.\w+$")


def namespaces_of_apps_above() -> set[str]:
    """URL namespaces whose routes live in an app above core ("join", "staff", ...)."""
    namespaces = set()
    for namespace, (_prefix, resolver) in get_resolver().namespace_dict.items():
        # include() leaves the URL module itself, or a list of patterns (the admin).
        module = getattr(resolver.urlconf_name, "__name__", "")
        if MODULE.match(module):
            namespaces.add(namespace)
    return namespaces


def names_of_apps_above(source: str) -> list[str]:
    """What `source` names of the apps above core: modules it imports or names as a
    dotted path (as the old demo list did, for import_module), their URL names
    ("groups:list") and their rules ("groups.list_own_groups")."""
    url_name = re.compile(rf"^({'|'.join(sorted(namespaces_of_apps_above()))}):\w+$")
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append(node.module)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.append(node.value)
    return [
        name for name in found if MODULE.match(name) or RULE.match(name) or url_name.match(name)
    ]


def core_modules() -> list[Path]:
    return [
        path
        for path in sorted(CORE.rglob("*.py"))
        if not {"tests", "migrations"} & set(path.relative_to(CORE).parts)
    ]


def test_the_scan_sees_imports_dotted_paths_url_names_and_rules():
    source = (
        "from gemeinwerk.groups.services import x\n"
        'MODULES = ["gemeinwerk.places.demo"]\n'
        'NAVIGATION = [("join:form", "Join"), ("staff:queue", "Console")]\n'
        'PERMISSION = "groups.list_own_groups"\n'
    )
    harmless = (
        "from gemeinwerk.core import demo\n"
        'x = ["gemeinwerk.groupsx", "core:home", "admin:index", "Self-help groups."]'
    )

    assert namespaces_of_apps_above() >= {"places", "groups", "join", "staff", "me"}
    assert sorted(names_of_apps_above(source)) == [
        "gemeinwerk.groups.services",
        "gemeinwerk.places.demo",
        "groups.list_own_groups",
        "join:form",
        "staff:queue",
    ]
    assert names_of_apps_above(harmless) == []


def test_no_module_of_core_names_an_app_above_it():
    modules = core_modules()
    assert CORE / "management" / "commands" / "daily.py" in modules
    assert CORE / "context_processors.py" in modules

    offenders = {
        str(path.relative_to(CORE)): names
        for path in modules
        if (names := names_of_apps_above(path.read_text()))
    }

    assert offenders == {}
