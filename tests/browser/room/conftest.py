"""Meeting-room tests: several real Chromium pages in one meeting, connected by WebRTC.

They run only inside a loopback-only network namespace (scripts/in-loopback-netns), so
that the browsers find no address but 127.0.0.1 and no packet leaves the machine; a
session check refuses to run them anywhere else.
"""

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page

from gemeinwerk.accounts.models import Profile, Visibility
from gemeinwerk.groups.models import Group, Occurrence
from gemeinwerk.groups.tests.factories import GroupFactory, make_host, make_occurrence
from gemeinwerk.meetings import joining
from tests.browser.conftest import PageWatch

JOIN_TIMEOUT_MS = 60_000


@pytest.fixture(scope="session", autouse=True)
def _only_loopback() -> None:
    # /proc/net/dev lists the interfaces of this process's network namespace.
    lines = Path("/proc/net/dev").read_text().splitlines()[2:]
    names = [line.split(":")[0].strip() for line in lines]
    if names != ["lo"]:
        pytest.fail(
            f"meeting-room tests need a loopback-only network namespace, found {names}: "
            "run them with scripts/in-loopback-netns (make test does)."
        )


@pytest.fixture
def group() -> Group:
    return GroupFactory.create(name="Gesprächskreis Zuversicht", slug="zuversicht")


@pytest.fixture
def occurrence(group: Group) -> Occurrence:
    return make_occurrence(group, starts_at=timezone.now() - timedelta(minutes=5))


@dataclass
class Person:
    name: str
    context: BrowserContext
    page: Page
    watch: PageWatch
    owned: bool = True  # False for the test's own `page`, which pytest-playwright closes

    def room(self, expression: str) -> Any:
        return self.page.evaluate(f"() => window.gemeinwerkRoom.{expression}")


@dataclass
class Meeting:
    browser: Browser
    base: str
    occurrence: Occurrence
    people: list[Person] = field(default_factory=list)

    def seat(self, name: str, *, host: bool = False, avatar: str = "initial-green") -> Person:
        """A browser that went through code, rules and the sound check already (the
        steps are tested on their own): it holds the signed join cookie. A host is
        signed in to an account that hosts the group (the room checks that), whose
        display name everyone may see."""
        context = self.browser.new_context(locale="en-GB")
        if host:
            context.add_cookies(
                [
                    {
                        "name": settings.SESSION_COOKIE_NAME,
                        "value": self.host_session(name),
                        "url": self.base,
                    }
                ]
            )
        cookie = joining.JoinTicket.issue(
            self.occurrence,
            name,
            rules_confirmed=True,
            seat=f"seat-{name.lower()}-{time.monotonic_ns()}",
            avatar=avatar,
            host=host,
        ).signed()
        context.add_cookies([{"name": joining.JOIN_COOKIE, "value": cookie, "url": self.base}])
        return self.adopt(name, context, context.new_page())

    def host_session(self, name: str) -> str:
        user = make_host(self.occurrence.meeting.group, username=f"host-{name.lower()}")
        Profile.objects.update_or_create(
            user=user,
            defaults={"display_name": name, "display_name_visibility": Visibility.PUBLIC},
        )
        client = Client()
        client.force_login(user)
        return str(client.cookies[settings.SESSION_COOKIE_NAME].value)

    def adopt(
        self, name: str, context: BrowserContext, page: Page, *, owned: bool = True
    ) -> Person:
        person = Person(name, context, page, PageWatch(page, self.base), owned)
        self.people.append(person)
        return person

    def enter(self, person: Person) -> None:
        person.page.goto(f"{self.base}/en/join/room/")


def wait_until(check: Callable[[], bool], *, timeout_s: float = 60, what: str = "") -> None:
    """Poll `check` (bounded in time); fail with `what` if it never holds."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.25)
    pytest.fail(f"timed out waiting for {what}")


@pytest.fixture
def meeting(browser: Browser, live_server_url: str, occurrence: Occurrence) -> Iterator[Meeting]:
    gathering = Meeting(browser, live_server_url, occurrence)
    yield gathering
    problems = [
        f"{p.name}: {problem}" for p in gathering.people for problem in p.watch.unexpected()
    ]
    for person in gathering.people:
        if person.owned:
            person.context.close()
    assert problems == [], "\n".join(problems)
