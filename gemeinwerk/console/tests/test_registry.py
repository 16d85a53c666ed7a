"""The staff console's registry: the apps' URLs, menu entries and member panels show
where they are registered, every registered thing exists, and accounts and groups keep
the console as it was."""

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import rules
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.template.loader import get_template
from django.test import RequestFactory, override_settings
from django.urls import URLResolver, get_resolver, include, path, resolve, reverse

from gemeinwerk.accounts.tests.more_factories import (
    make_contact_point,
    make_coordinator,
    make_request,
    make_user,
    signed_in,
    staff_of,
    url,
)
from gemeinwerk.console import registry
from gemeinwerk.console.tests import probe_urls
from gemeinwerk.places.models import ContactPoint


@pytest.fixture
def own_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """Test entries go into copies, so that no other test sees them."""
    monkeypatch.setattr(registry, "_urls", dict(registry._urls))
    monkeypatch.setattr(registry, "_nav", dict(registry._nav))
    monkeypatch.setattr(registry, "_member_panels", dict(registry._member_panels))
    monkeypatch.setattr(registry, "_urls_read", False)


@pytest.fixture
def everybody_rule() -> Iterator[str]:
    name = "console.test_registry_everybody"
    rules.add_perm(name, rules.is_authenticated)
    yield name
    rules.remove_perm(name)


@pytest.fixture
def nobody_rule() -> Iterator[str]:
    name = "console.test_registry_nobody"
    rules.add_perm(name, rules.always_deny)
    yield name
    rules.remove_perm(name)


@pytest.fixture
def home() -> ContactPoint:
    return make_contact_point(name="Nachbarschaftshaus")


def console_labels(html: str) -> list[str]:
    nav = html.split('aria-label="Staff console"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r"<a [^>]*>([^<]+)</a>", nav)


# --- What accounts and groups register ------------------------------------------------


def test_the_console_menu_keeps_its_order():
    assert [entry.url_name for entry in registry.nav_entries()] == [
        "staff:queue",
        "staff:search",
        "staff:assisted_create",
        "staff:roles",
        "staff:groups:overview",
        "staff:networks:list",
        "staff:networks:day",
        "staff:networks:follow_ups",
        "staff:networks:newcomers",
        "staff:moderation:queue",
        "staff:market:calls",
        "staff:market:incidents",
        "staff:help:articles",
        "staff:overview:dashboard",
        "staff:registry:organisations",
        "staff:registrations:waiting",
        "staff:rewards:reservations",
        "staff:evaluations:waiting",
        "staff:audit",
    ]


def test_every_menu_entry_reverses_and_names_a_known_rule():
    for entry in registry.nav_entries():
        assert url(entry.url_name).startswith(url("staff:queue"))
        assert rules.perm_exists(entry.permission), entry.permission


def test_every_member_panel_has_its_template_and_names_a_known_rule():
    assert registry.member_panels()
    for panel in registry.member_panels():
        assert get_template(panel.template_name)
        assert rules.perm_exists(panel.permission), panel.permission


def test_the_urlconf_includes_every_registered_url_module():
    """Read lazily, after every ready(): nothing registered is missing under /staff/."""
    _prefix, staff = get_resolver().namespace_dict["staff"]
    included = [
        (str(pattern.pattern), getattr(pattern.urlconf_name, "__name__", ""))
        for pattern in staff.url_patterns
        if isinstance(pattern, URLResolver)
    ]

    # In the order of INSTALLED_APPS.
    assert included == [
        ("notifications/", "gemeinwerk.notifications.office_urls"),
        ("", "gemeinwerk.accounts.staff_urls"),
        ("networks/", "gemeinwerk.networks.office_urls"),
        ("moderation/", "gemeinwerk.moderation.office_urls"),
        ("groups/", "gemeinwerk.groups.office_urls"),
        ("help/", "gemeinwerk.help.office_urls"),
        ("market/", "gemeinwerk.market.office_urls"),
        ("programme/overview/", "gemeinwerk.programme.overview_urls"),
        ("programme/registry/", "gemeinwerk.programme.registry_urls"),
        ("programme/registrations/", "gemeinwerk.programme.registration_urls"),
        ("programme/rewards/", "gemeinwerk.programme.rewards_urls"),
        ("programme/evaluations/", "gemeinwerk.programme.evaluation_urls"),
    ]
    assert included == [(module.prefix, module.urlconf) for module in registry.url_modules()]
    assert url("staff:groups:overview") == url("staff:queue") + "groups/"


@pytest.mark.django_db
def test_a_coordinator_sees_the_entries_their_rules_admit(home: ContactPoint):
    html = signed_in(make_coordinator()).get(url("staff:queue")).content.decode()

    assert console_labels(html) == [
        "Verification queue",
        "Self-help groups",
        "Help texts",
        "Programme overview",
        "Facility registry",
        "Facility registrations",
        "Reward basket",
        "Evaluations to accept",
        "Audit trail",
    ]


@pytest.mark.django_db
def test_staff_see_the_host_training_panel_before_the_suspension(home: ContactPoint):
    member = make_user(username="kasia")
    make_request(member, home)

    html = signed_in(staff_of(home)).get(url("staff:member", member.public_id)).content.decode()

    assert html.index("Host training") < html.index("Suspend this account")
    assert f'action="{url("staff:groups:training", member.public_id)}"' in html


# --- Registering ----------------------------------------------------------------------


@pytest.mark.usefixtures("own_registry")
def test_a_registered_url_module_is_included_under_its_prefix():
    registry.register_urls("probe/", "gemeinwerk.console.tests.probe_urls")

    class Root:
        urlpatterns = [path("staff/", include((registry.url_patterns(), "staff")))]

    urlconf: Any = Root  # Django takes a module-like object; the stubs know only names.

    assert reverse("staff:probe:page", urlconf=urlconf) == "/staff/probe/"
    assert resolve("/staff/probe/", urlconf=urlconf).func is probe_urls.probe
    # The apps' own names stay as they were.
    assert reverse("staff:queue", urlconf=urlconf) == "/staff/"
    assert reverse("staff:groups:overview", urlconf=urlconf) == "/staff/groups/"


@pytest.mark.usefixtures("own_registry")
def test_urls_registered_after_the_urlconf_was_read_are_refused():
    registry.url_patterns()

    with pytest.raises(ImproperlyConfigured, match="after the URLconf was read"):
        registry.register_urls("late/", "gemeinwerk.console.tests.probe_urls")


@pytest.mark.usefixtures("own_registry")
def test_the_urls_are_not_read_before_every_app_is_ready(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(apps, "ready", False)

    with pytest.raises(ImproperlyConfigured, match="before every app registered"):
        registry.url_patterns()


@pytest.mark.django_db
@pytest.mark.usefixtures("own_registry")
def test_a_registered_menu_entry_shows_at_its_place_for_those_its_rule_admits(
    home: ContactPoint, everybody_rule: str, nobody_rule: str
):
    registry.register_nav("core:privacy", "Test entry", permission=everybody_rule, order=60)
    registry.register_nav("core:home", "Hidden entry", permission=nobody_rule, order=70)

    html = signed_in(staff_of(home)).get(url("staff:queue")).content.decode()

    assert console_labels(html) == [
        "Verification queue",
        "Find a member",
        "New assisted account",
        "Self-help groups",
        "Networks",
        "Test entry",
        "Appointments",
        "Follow-ups",
        "Newcomers",
        "Reports",
        "Search calls",
        "Safe visits",
        "Help texts",
        "Audit trail",
    ]
    assert f'href="{url("staff:queue")}" aria-current="page">Verification queue</a>' in html


@pytest.mark.django_db
@pytest.mark.usefixtures("own_registry")
def test_a_registered_member_panel_shows_with_its_context_for_those_its_rule_admits(
    home: ContactPoint, everybody_rule: str, nobody_rule: str, tmp_path: Path
):
    (tmp_path / "probe").mkdir()
    (tmp_path / "probe" / "panel.html").write_text(
        "<section>Probe panel for {{ member.username }}: {{ probe_value }}</section>"
    )
    (tmp_path / "probe" / "hidden.html").write_text("<section>Hidden panel</section>")
    seen: list[Any] = []

    def probe_context(request: Any, member: Any) -> dict[str, Any]:
        seen.append(member)
        return {"probe_value": "from the app"}

    def hidden_context(request: Any, member: Any) -> dict[str, Any]:
        raise AssertionError("the context of a panel not shown is not computed")

    registry.register_member_panel(
        "probe/panel.html", context=probe_context, permission=everybody_rule, order=60
    )
    registry.register_member_panel(
        "probe/hidden.html", context=hidden_context, permission=nobody_rule, order=70
    )
    member = make_user(username="kasia")
    make_request(member, home)
    templates = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]

    with override_settings(TEMPLATES=templates):
        response = signed_in(staff_of(home)).get(url("staff:member", member.public_id))

    html = response.content.decode()
    assert "<section>Probe panel for kasia: from the app</section>" in html
    assert html.index("Host training") < html.index("Probe panel")
    assert html.index("Probe panel") < html.index("Suspend this account")
    assert "Hidden panel" not in html
    assert seen == [member]


@pytest.mark.usefixtures("own_registry")
def test_the_registry_refuses_a_second_entry_for_a_name_a_place_or_a_prefix():
    with pytest.raises(ValueError, match="twice"):
        registry.register_nav("staff:audit", "Again", permission="x", order=91)
    with pytest.raises(ValueError, match="taken by 'staff:groups:overview'"):
        registry.register_nav("core:privacy", "Same place", permission="x", order=50)
    with pytest.raises(ValueError, match=r"taken by 'groups/office/_training_panel\.html'"):
        registry.register_member_panel("probe/panel.html", permission="x", order=50)
    with pytest.raises(ValueError, match=r"taken by 'gemeinwerk\.groups\.office_urls'"):
        registry.register_urls("groups/", "gemeinwerk.console.tests.probe_urls")
    with pytest.raises(ValueError, match="must end with '/'"):
        registry.register_urls("probe", "gemeinwerk.console.tests.probe_urls")


# --- The one console decorator --------------------------------------------------------


@pytest.mark.django_db
def test_the_console_decorator_admits_console_users_only(home: ContactPoint):
    factory = RequestFactory()
    request = factory.get("/staff/probe/")

    request.user = AnonymousUser()
    assert probe_urls.probe(request).status_code == 302
    request.user = make_user()
    with pytest.raises(PermissionDenied):
        probe_urls.probe(request)
    staff = staff_of(home)
    # As after signing in with the second factor (accounts.rules.completed_two_factor).
    staff._gw_two_factor_done = True  # type: ignore[attr-defined]
    request.user = staff
    assert probe_urls.probe(request).content == b"probe page"
