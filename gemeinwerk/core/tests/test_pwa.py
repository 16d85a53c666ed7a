"""The installable web app's files: the manifest, the service worker, the offline page.
How a browser takes them is tested in tests/browser/test_installable.py."""

import io
import json
import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from PIL import Image

from gemeinwerk.accounts.tests.factories import member_who_can_sign_in
from gemeinwerk.core import pwa

pytestmark = pytest.mark.django_db


def manifest(client: Client) -> dict:
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    data: dict = json.loads(response.content)
    return data


def test_manifest_describes_an_app_that_opens_at_the_home_page(client: Client):
    data = manifest(client)

    assert data["short_name"] == "Gemeinwerk"
    assert data["start_url"] == "/"
    assert data["scope"] == "/"
    assert data["id"] == "/"
    assert data["display"] == "standalone"
    assert re.fullmatch(r"#[0-9a-f]{6}", data["background_color"])
    assert re.fullmatch(r"#[0-9a-f]{6}", data["theme_color"])


@pytest.mark.parametrize(
    ("operator", "name"),
    [
        ("Stadt Musterstadt", "Gemeinwerk \N{EN DASH} Stadt Musterstadt"),
        # An installation that carries the name already is not named twice.
        ("Gemeinwerk Demostadt", "Gemeinwerk Demostadt"),
        ("", "Gemeinwerk"),
    ],
)
def test_manifest_names_the_installation(client: Client, settings, operator: str, name: str):
    settings.GEMEINWERK_OPERATOR = {**settings.GEMEINWERK_OPERATOR, "name": operator}

    assert manifest(client)["name"] == name


def test_manifest_icons_exist_in_the_static_build_at_their_sizes(client: Client):
    icons = manifest(client)["icons"]

    purposes = {(icon["sizes"], icon["purpose"]) for icon in icons}
    assert purposes == {
        ("192x192", "any"),
        ("512x512", "any"),
        ("192x192", "maskable"),
        ("512x512", "maskable"),
    }
    for icon in icons:
        assert icon["type"] == "image/png"
        path = finders.find(icon["src"].removeprefix(settings.STATIC_URL))
        assert isinstance(path, str), f"{icon['src']} is not in the static build"
        with Image.open(path) as image:
            assert image.format == "PNG"
            assert f"{image.width}x{image.height}" == icon["sizes"]


def test_pages_link_the_manifest_the_icon_and_the_theme_colour(client: Client):
    html = client.get("/pl/help/").content.decode()

    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert f'<meta name="theme-color" content="{pwa.THEME_COLOUR}">' in html
    assert '<link rel="apple-touch-icon" href="/apple-touch-icon.png">' in html
    # The registration is a file of ours with the page's nonce, like every script.
    assert re.search(
        r'<script src="/static/gemeinwerk/js/site.js" nonce="[^"]+" '
        r'data-service-worker="/sw.js" defer></script>',
        html,
    )


def test_apple_touch_icon_is_at_the_root_where_iphones_look(client: Client):
    response = client.get("/apple-touch-icon.png")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "max-age=86400" in response["Cache-Control"]
    with Image.open(io.BytesIO(response.content)) as image:
        # Square, without transparency: iOS rounds the corners itself.
        assert (image.width, image.height) == (180, 180)
        assert "transparency" not in image.info
        assert image.mode in ("RGB", "P")


def test_service_worker_is_served_fresh_from_the_root(client: Client):
    response = client.get("/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Cache-Control"] == "no-cache"
    assert "Service-Worker-Allowed" not in response  # the root's scope needs none
    body = response.content.decode()
    assert body.startswith("self.gemeinwerkServiceWorker = {")
    assert 'addEventListener("fetch"' in body


def test_service_worker_is_not_stored_for_a_signed_in_person(client: Client):
    client.force_login(member_who_can_sign_in())

    response = client.get("/sw.js")

    assert "no-cache" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_service_worker_keeps_the_offline_pages_and_what_they_load(client: Client):
    config = pwa.service_worker_config()

    assert config["offlinePages"] == [
        {"prefix": "/pl/", "url": "/pl/offline/"},
        {"prefix": "/en/", "url": "/en/offline/"},
        {"prefix": "/", "url": "/offline/"},
    ]
    assert config["cache"].startswith(config["cachePrefix"])
    assert config["staticPrefix"] == settings.STATIC_URL
    # Everything the offline page links from /static/ is kept, and exists.
    html = client.get("/offline/").content.decode()
    linked = set(re.findall(r'(?:href|src)="(/static/[^"]+)"', html))
    assert linked <= set(config["precache"])
    for url in config["precache"]:
        assert finders.find(url.removeprefix(settings.STATIC_URL)), url


def test_cache_name_changes_with_a_static_file(monkeypatch: pytest.MonkeyPatch):
    before = pwa._version()
    files = pwa._static_files()
    changed = [(path, content + b"/* changed */") for path, content in files[:1]] + files[1:]
    monkeypatch.setattr(pwa, "_static_files", lambda: changed)

    assert pwa._version() != before


@pytest.mark.parametrize(
    ("prefix", "language", "heading"),
    [
        ("", "de", "Keine Verbindung"),
        ("/pl", "pl", "Brak połączenia"),
        ("/en", "en", "No connection"),
    ],
)
def test_offline_page_speaks_each_language(
    client: Client, prefix: str, language: str, heading: str
):
    response = client.get(f"{prefix}/offline/")

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert f'<h1 class="kern-heading-x-large">{heading}</h1>' in html
    # "Try again" reloads the address the page stands in for.
    assert '<a class="kern-btn kern-btn--primary" href="">' in html
    assert '<meta name="robots" content="noindex">' in html
