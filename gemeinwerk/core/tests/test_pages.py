import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

HEADINGS = {
    "de": "Gemeinwerk: gemeinsam in der Nachbarschaft",
    "pl": "Gemeinwerk: razem w sąsiedztwie",
    "en": "Gemeinwerk: together in the neighbourhood",
}


@pytest.mark.parametrize(("prefix", "language"), [("", "de"), ("/pl", "pl"), ("/en", "en")])
def test_home_page_speaks_the_language_of_its_address(client: Client, prefix: str, language: str):
    response = client.get(f"{prefix}/")

    assert response.status_code == 200
    assert response["Content-Language"] == language
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert HEADINGS[language] in html


def test_german_is_the_default_whatever_the_browser_asks_for(client: Client):
    # Only the bare home page asks the browser (test_browser_language.py); an address
    # keeps the language it names.
    response = client.get("/help/", headers={"accept-language": "pl,en;q=0.8"})

    assert response["Content-Language"] == "de"


def test_language_links_lead_to_the_same_page_in_each_language(client: Client):
    html = client.get("/pl/help/").content.decode()

    links = dict(re.findall(r'href="([^"]+)" lang="(\w\w)"', html))
    assert links == {"/help/": "de", "/pl/help/": "pl", "/en/help/": "en"}
    assert 'href="/pl/help/" lang="pl" hreflang="pl" aria-current="true"' in html


def test_pages_answer_head_requests(client: Client):
    assert client.head("/privacy/").status_code == 200


def test_larger_text_is_remembered_in_a_cookie(client: Client):
    response = client.post("/text-size/", {"size": "large", "next": "/pl/help/"})

    assert response.status_code == 302
    assert response["Location"] == "/pl/help/"
    cookie = response.cookies["gw_text_size"]
    assert cookie.value == "large"
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    html = client.get("/pl/help/").content.decode()
    assert 'class="gw-text-large"' in html
    assert 'aria-pressed="true"' in html

    client.post("/text-size/", {"size": "normal", "next": "/"})
    assert 'class="gw-text-large"' not in client.get("/").content.decode()


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"]
)
def test_text_size_switch_never_redirects_away(client: Client, target: str):
    response = client.post("/text-size/", {"size": "large", "next": target})

    assert response["Location"] == "/"


def test_text_size_switch_ignores_unknown_sizes(client: Client):
    response = client.post("/text-size/", {"size": "gigantic"})

    assert response.cookies["gw_text_size"].value == "normal"


def test_text_size_switch_changes_nothing_on_get(client: Client):
    response = client.get("/text-size/")

    assert response.status_code == 405
    assert "gw_text_size" not in response.cookies


def test_responses_carry_a_strict_nonce_based_policy(client: Client):
    response = client.get("/")

    policy = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy)
    assert nonce is not None
    assert f'nonce="{nonce.group(1)}"' in response.content.decode()
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "microphone=(self)" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_each_response_gets_its_own_nonce(client: Client):
    first = client.get("/")["Content-Security-Policy"]
    second = client.get("/")["Content-Security-Policy"]

    assert first != second


def test_language_links_keep_the_filters_of_the_page(client: Client):
    html = client.get("/places/?district=mitte").content.decode()

    links = dict(re.findall(r'href="([^"]+)" lang="(\w\w)"', html))
    assert links == {
        "/places/?district=mitte": "de",
        "/pl/places/?district=mitte": "pl",
        "/en/places/?district=mitte": "en",
    }


def test_plain_language_is_remembered_in_a_cookie_and_switched_off_again(client: Client):
    response = client.post("/plain-language/", {"plain": "on", "next": "/pl/"})

    assert response["Location"] == "/pl/"
    cookie = response.cookies["gw_plain"]
    assert (cookie.value, cookie["httponly"], cookie["samesite"]) == ("1", True, "Lax")
    answer = client.get("/pl/")
    assert answer.context["plain_language"] is True
    assert 'name="plain" value="off"' in answer.content.decode()

    client.post("/plain-language/", {"plain": "off", "next": "/"})
    answer = client.get("/")
    assert answer.context["plain_language"] is False
    assert 'name="plain" value="on"' in answer.content.decode()


def test_plain_language_switch_changes_nothing_on_get(client: Client):
    response = client.get("/plain-language/")
    assert response.status_code == 405
    assert "gw_plain" not in response.cookies
