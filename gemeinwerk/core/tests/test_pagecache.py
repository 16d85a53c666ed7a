"""The kept parts of public pages (core/pagecache.py), apart from any app's page."""

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.test import RequestFactory
from django.utils import timezone, translation
from redis.exceptions import ConnectionError as RedisConnectionError

from gemeinwerk.core import pagecache
from gemeinwerk.core.pagecache import Rendered

pytestmark = pytest.mark.django_db


class SignedIn:
    is_authenticated = True


def request(path: str = "/list/", *, user: Any = None, method: str = "get") -> HttpRequest:
    made = getattr(RequestFactory(), method)(path)
    made.user = user or AnonymousUser()
    return made


class Renderer:
    """A part whose every rendering is counted and shows its number."""

    def __init__(self, **fields: Any) -> None:
        self.count = 0
        self.fields = fields

    def __call__(self) -> Rendered:
        self.count += 1
        return Rendered(f"<p>rendering {self.count}</p>", **self.fields)


def show(made: HttpRequest, render: Renderer, **kwargs: Any) -> str:
    return str(pagecache.part(made, "test:list", scopes=("things",), render=render, **kwargs))


def test_an_anonymous_visitor_gets_the_kept_part():
    render = Renderer()

    first = show(request(), render)
    second = show(request(), render)

    assert first == second == "<p>rendering 1</p>"
    assert render.count == 1


def test_signed_in_visitors_neither_get_nor_leave_a_kept_part():
    render = Renderer()

    assert show(request(user=SignedIn()), render) == "<p>rendering 1</p>"
    assert show(request(), render) == "<p>rendering 2</p>"  # nothing kept from them
    assert show(request(user=SignedIn()), render) == "<p>rendering 3</p>"  # nor given
    assert show(request(), render) == "<p>rendering 2</p>"


def test_each_address_and_language_has_its_own_part():
    render = Renderer()

    parts = {
        show(request("/list/"), render),
        show(request("/list/?district=north"), render),
        show(request("/list/?district=north&page=2"), render),
        show(request("/en/list/"), render),
    }
    with translation.override("pl"):
        parts.add(show(request("/list/"), render))

    assert len(parts) == render.count == 5
    assert show(request("/list/?district=north"), render) == "<p>rendering 2</p>"


def test_a_bump_drops_the_parts_of_its_scope_only():
    render = Renderer()
    show(request(), render)

    pagecache.bump("other-things")
    assert show(request(), render) == "<p>rendering 1</p>"
    pagecache.bump("things")
    assert show(request(), render) == "<p>rendering 2</p>"


def test_a_bump_counts_again_after_the_commit(django_capture_on_commit_callbacks):
    # In between, another request may render the old data under the new number.
    render = Renderer()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        pagecache.bump("things")
        show(request(), render)
        assert show(request(), render) == "<p>rendering 1</p>"

    assert show(request(), render) == "<p>rendering 2</p>"


def lose_generation(scope: str) -> None:
    if pagecache._in_process_memory():
        pagecache._token_file(scope).unlink()
    else:
        cache.delete(pagecache._generation_key(scope))


def test_a_lost_generation_never_brings_back_older_parts():
    render = Renderer()
    show(request(), render)
    pagecache.bump("things")
    show(request(), render)  # rendering 2, under the new number

    lose_generation("things")  # evicted, or the file removed

    assert show(request(), render) == "<p>rendering 3</p>"
    assert show(request(), render) == "<p>rendering 3</p>"


class TimeoutSpy:
    """The cache, noting the timeout of every entry kept."""

    def __init__(self) -> None:
        self.timeouts: list[int] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(cache, name)

    def set(self, key: str, value: Any, timeout: int) -> None:
        self.timeouts.append(timeout)
        cache.set(key, value, timeout)


def test_a_part_that_changes_by_itself_is_kept_until_then(monkeypatch):
    spy = TimeoutSpy()
    monkeypatch.setattr(pagecache, "cache", spy)

    show(request("/a/"), Renderer(until=timezone.now() + timedelta(seconds=90)))
    show(request("/b/"), Renderer(until=timezone.now() + timedelta(days=2)))
    show(request("/c/"), Renderer())
    past = Renderer(until=timezone.now() - timedelta(seconds=1))
    show(request("/d/"), past)
    show(request("/d/"), past)

    assert spy.timeouts[0] in (89, 90)
    assert spy.timeouts[1:] == [pagecache.MAX_SECONDS, pagecache.MAX_SECONDS]
    assert past.count == 2


def test_a_part_marked_not_to_keep_is_rendered_each_time():
    render = Renderer(keep=False)

    show(request(), render)
    show(request(), render)

    assert render.count == 2


def test_the_page_and_the_settings_decide_what_is_never_kept(settings):
    render = Renderer()
    show(request(), render, cacheable=False)
    show(request(), render, cacheable=False)
    settings.GEMEINWERK_PAGE_CACHE = False
    show(request(), render)
    show(request(), render)

    assert render.count == 4


def test_only_get_and_head_are_kept():
    render = Renderer()

    show(request(method="post"), render)
    show(request(method="head"), render)
    show(request(method="get"), render)

    assert render.count == 2


def test_an_unreachable_cache_shows_the_page_rendered(monkeypatch):
    def down(*args: Any, **kwargs: Any) -> Any:
        raise RedisConnectionError("Connection refused")

    monkeypatch.setattr(cache, "get", down)
    render = Renderer()

    assert show(request(), render) == "<p>rendering 1</p>"
    assert show(request(), render) == "<p>rendering 2</p>"


@pytest.mark.parametrize(
    ("query", "plain"),
    [
        ("", True),
        ("district=north", True),
        ("district=north&page=2", True),
        ("district=&page=12", True),
        ("page=0", False),
        ("page=02", False),
        ("page=abc", False),
        ("page=-1", False),
        ("page=%D9%A3", False),  # an Arabic-Indic three: a digit, but not ours
        ("district=north&district=south", False),
        ("utm_source=newsletter", False),
        ("district=" + "x" * 250, False),
    ],
)
def test_a_plain_query_is_what_the_page_itself_makes(query: str, plain: bool):
    made = RequestFactory().get(f"/list/?{query}")

    assert pagecache.plain_query(made, ("district", "page")) is plain
