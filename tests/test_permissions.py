"""Permissions in one style (core/permissions.py): every check names a rule, views,
services, selectors and templates ask it through `may`, and the superuser flag passes
nothing that a rule does not say. The route-by-route answers per role are in the
permission matrix; this file proves the style itself."""

import ast
import re
from pathlib import Path

import pytest
import rules
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.template import Context, Template
from django.test import RequestFactory

from gemeinwerk.accounts.tests.more_factories import make_admin, make_verified
from gemeinwerk.core.permissions import may, require
from gemeinwerk.groups.tests.factories import GroupFactory, make_host

PACKAGE = Path(__file__).resolve().parents[1] / "gemeinwerk"

# Where rules are defined and the one place that asks them.
RULE_MODULES = {"core/permissions.py", "accounts/models/user.py"}
# Names from the rules modules that are not permissions: who is in the audience of a
# profile field, the contact points a staff member works for (to filter a list), and
# the facts of the sign-in itself (roles held, the second factor), which the sign-in
# middleware needs whatever the permission.
NOT_PERMISSIONS = {
    "ProfileAudience",
    "profile_audience",
    "visible_to",
    "in_care_of",
    "staff_contact_point_ids",
    "roles_of",
    "active_roles_of",
    "completed_two_factor",
    "has_two_factor",
    "is_privileged",
    "current_agreement",
    "host_roles",
}
# Powers that come with a role in a group or with a person's consent: an admin (the
# superuser flag, with two-factor login done) holds none of them without that role.
ROLE_FACTS = [
    "groups.choose_co_hosts",
    "groups.change_room_code",
    "groups.hand_over_group",
    "groups.schedule_meeting",
    "groups.accept_agreement",
    "groups.list_own_groups",
    "meetings.enter_as_host",
    "accounts.act_for",
    "accounts.issue_takeover_code",
    "accounts.delete_assisted_account",
]


def modules() -> list[Path]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if {"tests", "migrations"} & set(relative.parts) or relative.name == "rules.py":
            continue
        if str(relative) in RULE_MODULES:
            continue
        found.append(path)
    return found


def call_name(node: ast.Call) -> str:
    function = node.func
    if isinstance(function, ast.Attribute):
        return function.attr
    if isinstance(function, ast.Name):
        return function.id
    return ""


def test_no_module_asks_a_permission_another_way():
    offending = []
    for path in modules():
        tree = ast.parse(path.read_text(), str(path))
        relative = path.relative_to(PACKAGE)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and call_name(node) in {"has_perm", "test_rule"}:
                offending.append(f"{relative}:{node.lineno} calls {call_name(node)}()")
            if isinstance(node, ast.ImportFrom) and (node.module or "").endswith(".rules"):
                for alias in node.names:
                    if alias.name not in NOT_PERMISSIONS:
                        offending.append(f"{relative}:{node.lineno} imports {alias.name}")
            if isinstance(node, ast.Import):
                offending += [
                    f"{relative}:{node.lineno} imports {alias.name}"
                    for alias in node.names
                    if alias.name == "rules" or alias.name.endswith(".rules")
                ]
    assert offending == []


def test_every_permission_asked_by_name_exists():
    asked = set()
    for path in modules():
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if (
                isinstance(node, ast.Call)
                and call_name(node) in {"may", "require"}
                and len(node.args) >= 2
                and isinstance(node.args[1], ast.Constant)
            ):
                asked.add(node.args[1].value)
    for template in PACKAGE.rglob("templates/**/*.html"):
        asked |= set(re.findall(r'{%\s*may\s+"([\w.]+)"', template.read_text()))
    assert len(asked) > 30  # the scan finds the calls
    assert {name for name in asked if not rules.perm_exists(name)} == set()


def test_templates_ask_through_the_same_rules():
    """`perms.x` and rules' `has_perm` tag go through User.has_perm: the superuser pass."""
    offending = [
        str(template.relative_to(PACKAGE))
        for template in PACKAGE.rglob("templates/**/*.html")
        if re.search(r"\bperms\.|{%\s*has_perm\b", template.read_text())
    ]
    assert offending == []


def test_an_unknown_name_is_an_error_not_a_silent_no():
    with pytest.raises(ImproperlyConfigured):
        may(None, "groups.choose_cohosts")


@pytest.mark.django_db
@pytest.mark.parametrize("name", ROLE_FACTS)
def test_the_superuser_flag_grants_no_role_fact(name: str):
    admin = make_admin()
    group = GroupFactory.create()
    target: object = group if name.startswith(("groups.", "meetings.")) else make_verified()
    if name in {"groups.list_own_groups", "groups.accept_agreement"}:
        target = None

    # Django's own check lets the superuser pass; the rule does not.
    assert admin.has_perm(name, target)
    assert not may(admin, name, target)
    with pytest.raises(PermissionDenied):
        require(admin, name, target)


@pytest.mark.django_db
def test_a_host_holds_the_role_facts_of_the_group_and_no_other_groups():
    group, other = GroupFactory.create(), GroupFactory.create()
    host = make_host(group)

    for name in ["groups.choose_co_hosts", "groups.schedule_meeting", "meetings.enter_as_host"]:
        assert may(host, name, group), name
        assert not may(host, name, other), name


@pytest.mark.django_db
def test_the_template_tag_asks_the_same_rule_as_the_view():
    admin = make_admin()
    group = GroupFactory.create()
    request = RequestFactory().get("/")
    request.user = admin
    template = Template(
        '{% load permissions %}{% may "groups.manage_group" group as manage %}'
        '{% may "groups.choose_co_hosts" group as choose %}{{ manage }} {{ choose }}'
    )

    rendered = template.render(Context({"request": request, "group": group}))

    assert rendered == "True False"
