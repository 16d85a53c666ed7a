"""The first visit to the bare home page follows the browser's language (core/language.py)."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("accept_language", "home"),
    [
        ("pl-PL,pl;q=0.9,en;q=0.8", "/pl/"),
        ("en-GB,en;q=0.9", "/en/"),
        ("en-US,de;q=0.5", "/en/"),
    ],
)
def test_a_first_visit_to_the_home_page_follows_the_browser(
    client: Client, accept_language: str, home: str
):
    response = client.get("/", headers={"accept-language": accept_language})

    assert response.status_code == 302
    assert response["Location"] == home
    assert {"Accept-Language", "Cookie"} <= {v.strip() for v in response["Vary"].split(",")}
    assert client.get(home, headers={"accept-language": accept_language})[
        "Content-Language"
    ] == home.strip("/")


@pytest.mark.parametrize(
    "accept_language", [None, "de-DE,de;q=0.9,en;q=0.8", "fr-FR,fr;q=0.9", "tr", "*"]
)
def test_german_stays_the_default(client: Client, accept_language: str | None):
    headers = {"accept-language": accept_language} if accept_language else {}

    response = client.get("/", headers=headers)

    assert response.status_code == 200
    assert response["Content-Language"] == "de"
    assert "Accept-Language" in response["Vary"]


def test_the_query_string_goes_along(client: Client):
    response = client.get("/?ref=flyer", headers={"accept-language": "pl"})

    assert response["Location"] == "/pl/?ref=flyer"


def test_choosing_german_on_our_pages_sticks(client: Client):
    # The German language link (or the home link of a German page) leads to "/" from
    # one of our own pages: that is a choice, not a first visit.
    response = client.get(
        "/",
        headers={"accept-language": "pl", "referer": "http://testserver/pl/"},
    )

    assert response.status_code == 200
    assert response["Content-Language"] == "de"
    # Someone else's browser, arriving fresh, would be sent on: no shared cache keeps it.
    assert "private" in response["Cache-Control"]


def test_a_link_from_elsewhere_is_a_first_visit(client: Client):
    response = client.get(
        "/", headers={"accept-language": "pl", "referer": "https://search.example/?q=gemeinwerk"}
    )

    assert response["Location"] == "/pl/"


@pytest.mark.parametrize(("cookie", "status"), [("de", 200), ("en", 302)])
def test_the_language_cookie_is_a_choice(client: Client, cookie: str, status: int):
    client.cookies["django_language"] = cookie

    response = client.get("/", headers={"accept-language": "pl"})

    assert response.status_code == status
    if status == 302:
        assert response["Location"] == "/en/"


@pytest.mark.parametrize("path", ["/help/", "/groups/", "/places/"])
def test_other_addresses_keep_their_language(client: Client, path: str):
    response = client.get(path, headers={"accept-language": "pl"})

    assert response.status_code == 200
    assert response["Content-Language"] == "de"


def test_forms_posted_to_the_home_page_are_not_redirected(client: Client):
    response = client.post("/", headers={"accept-language": "pl"})

    assert response.status_code != 302


def test_a_language_chosen_on_our_pages_is_remembered_for_the_next_visit(client: Client):
    polish = {"accept-language": "pl-PL,pl;q=0.9"}
    # Someone whose browser prefers Polish clicks the German language link on a page.
    page = client.get("/", headers={**polish, "referer": "http://testserver/pl/help/"})

    assert page.status_code == 200
    assert page.cookies["django_language"].value == "de"
    assert "private" in page["Cache-Control"]
    # Days later, typed or bookmarked: German, as chosen.
    later = client.get("/", headers=polish)
    assert later.status_code == 200
    assert later["Content-Language"] == "de"


def test_no_cookie_without_a_choice_made_on_our_pages(client: Client):
    response = client.get("/help/", headers={"accept-language": "pl-PL,pl;q=0.9"})

    assert "django_language" not in response.cookies


def test_the_redirect_is_kept_by_no_shared_cache(client: Client):
    response = client.get("/", headers={"accept-language": "en-GB,en;q=0.9"})

    assert response.status_code == 302
    assert {"private", "no-cache"} <= {v.strip() for v in response["Cache-Control"].split(",")}
