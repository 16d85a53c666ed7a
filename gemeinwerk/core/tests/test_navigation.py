"""Each role finds its screens by links: the header and the account page name the
personal ones (hosts: My groups; staff: the staff console), a group's page leads its
hosts to managing it. The browser walk is tests/browser/test_navigation.py."""

import re

import pytest
from django.test import Client

from gemeinwerk.accounts.tests.more_factories import (
    make_admin,
    make_user,
    make_verified,
    signed_in,
    staff_of,
    url,
)
from gemeinwerk.groups.models import HostRole
from gemeinwerk.groups.tests.factories import GroupFactory, make_host

pytestmark = pytest.mark.django_db


def account_links(html: str) -> list[str]:
    """The links in the header's account area."""
    area = html.split('<div class="gw-account">', 1)[1].split("</div>", 1)[0]
    return re.findall(r'href="([^"]+)"', area)


def test_a_host_finds_my_groups_in_the_header_and_on_the_account_page():
    host = make_host(GroupFactory.create())
    client = signed_in(host)

    home = client.get(url("core:home")).content.decode()
    account = client.get(url("me:overview")).content.decode()

    assert url("groups:mine") in account_links(home)
    assert f'<a class="kern-link" href="{url("groups:mine")}">My groups</a>' in account


def test_a_co_host_finds_my_groups_too():
    co_host = make_host(GroupFactory.create(), role=HostRole.CO_HOST)

    home = signed_in(co_host).get(url("core:home")).content.decode()

    assert url("groups:mine") in account_links(home)


def test_staff_find_the_console_in_the_header_and_on_the_account_page():
    staff = staff_of(GroupFactory.create().contact_point)
    client = signed_in(staff)

    home = client.get(url("core:home")).content.decode()
    account = client.get(url("me:overview")).content.decode()

    assert url("staff:queue") in account_links(home)
    assert url("groups:mine") not in account_links(home)
    assert f'href="{url("staff:queue")}">Staff console</a>' in account


def test_staff_without_a_confirmed_second_factor_find_the_console_which_asks_for_it():
    staff = staff_of(GroupFactory.create().contact_point, two_factor=False)
    client = signed_in(staff)

    home = client.get(url("core:home")).content.decode()
    console = client.get(url("staff:queue"))

    assert url("staff:queue") in account_links(home)
    # The link grants nothing: the console first sends them to set up the second factor.
    assert console.status_code == 302
    assert console["Location"].startswith(url("mfa_index"))


def test_admins_find_the_console_and_the_administration():
    client = signed_in(make_admin())

    home = client.get(url("core:home")).content.decode()

    assert url("staff:queue") in account_links(home)
    assert url("admin:index") in account_links(home)


def test_staff_find_no_administration_link():
    home = signed_in(staff_of(GroupFactory.create().contact_point)).get(url("core:home"))

    assert url("admin:index") not in account_links(home.content.decode())


@pytest.mark.parametrize("make", [make_user, make_verified])
def test_members_without_a_group_see_neither_entry(make: object):
    client = signed_in(make())  # type: ignore[operator]

    home = client.get(url("core:home")).content.decode()

    links = account_links(home)
    assert url("groups:mine") not in links
    assert url("staff:queue") not in links
    # Members not yet verified find the way to a verification appointment.
    expected = [url("me:overview"), url("notifications:list")]
    if make is make_user:
        expected.insert(1, url("networks:appointments"))
    else:
        # Verified members offer and ask for help, and chat.
        expected[1:1] = [url("market:mine"), url("chat:inbox")]
    assert links == expected


def test_the_current_entry_is_marked():
    host = make_host(GroupFactory.create())

    html = signed_in(host).get(url("groups:mine")).content.decode()

    assert f'href="{url("groups:mine")}" aria-current="page">My groups</a>' in html


def test_a_groups_page_leads_its_host_to_managing_it():
    group = GroupFactory.create()
    host = make_host(group)
    manage = url("groups:manage", group.slug)

    as_host = signed_in(host).get(url("groups:detail", group.slug)).content.decode()
    as_member = signed_in(make_verified()).get(url("groups:detail", group.slug)).content.decode()
    as_guest = Client().get(url("groups:detail", group.slug)).content.decode()
    as_other_host = (
        signed_in(make_host(GroupFactory.create())).get(url("groups:detail", group.slug))
    ).content.decode()

    assert f'href="{manage}"' in as_host
    assert "Manage this group" in as_host
    for html in (as_member, as_guest, as_other_host):
        assert f'href="{manage}"' not in html
