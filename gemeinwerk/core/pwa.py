"""The installable web app: the manifest, the service worker and the offline page.

People put the platform on their phone's home screen from the browser's menu; it opens
like an app (`display: standalone`). The service worker (frontend/src/js/sw.js) only
adds a page of our own for a lost connection and keeps the style sheets and fonts at
hand. Pages are never kept (they may hold private data), nothing sent is kept or
replayed, and nothing is pushed through anyone else's service: the site works the same
without it and without JavaScript.

The manifest and the service worker live outside the language prefix: an origin has one
installed app (its `id`), and `/sw.js` must sit at the root to look after every page.
The manifest needs no translation (its names are proper names); its `start_url` "/" opens
the home page in the language the person chose last, or their browser's
(gemeinwerk/core/language.py). The offline page exists in each language; the service
worker keeps all of them and shows the one whose prefix the address has.
"""

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from gemeinwerk.core.acting import allowed_while_acting

NAME = "Gemeinwerk"
# The page's background (KERN's --kern-color-layout-background-default, white) and its
# header, which is white too: the phone's title bar continues it. base.html's
# <meta name="theme-color"> says the same (a test compares them).
BACKGROUND_COLOUR = "#ffffff"
THEME_COLOUR = "#ffffff"
# (file under frontend/src/img, size, purpose); frontend/make_icons.py draws them.
ICONS = [
    ("icon-192.png", 192, "any"),
    ("icon-512.png", 512, "any"),
    ("icon-maskable-192.png", 192, "maskable"),
    ("icon-maskable-512.png", 512, "maskable"),
]
# What the offline page needs besides itself (core/_head.html and base.html load them):
# the service worker keeps these when it is installed. The fonts are named in
# fira-sans.css (frontend/subset_fonts.py writes both).
PRECACHE = [
    "vendor/kern/fonts/fira-sans.css",
    "vendor/kern/fonts/fira-sans/FiraSans-Regular.woff2",
    "vendor/kern/fonts/fira-sans/FiraSans-Medium.woff2",
    "vendor/kern/fonts/fira-sans/FiraSans-SemiBold.woff2",
    "vendor/kern/fonts/fira-sans/FiraSans-Bold.woff2",
    "vendor/kern/kern.min.css",
    "gemeinwerk/css/gemeinwerk.css",
    "gemeinwerk/img/favicon.svg",
    "vendor/htmx/htmx.min.js",
    "gemeinwerk/js/site.js",
]
APPLE_TOUCH_ICON = "gemeinwerk/img/apple-touch-icon.png"
SERVICE_WORKER_SOURCE = "gemeinwerk/js/sw.js"  # bundled by frontend/build.mjs
CACHE_PREFIX = "gemeinwerk-"
# Besides the static files, these make up the offline page: a change to any of them
# gives the cache a new name, so browsers fetch the page again.
OFFLINE_PAGE_SOURCES = [
    Path(__file__).parent / "templates" / "base.html",
    Path(__file__).parent / "templates" / "core" / "_head.html",
    Path(__file__).parent / "templates" / "core" / "offline.html",
]


def app_name() -> str:
    """Gemeinwerk and the installation's name with a dash between, as the pages' titles
    have it ("Gemeinwerk - Stadt Musterstadt" with an en dash); just the installation's
    name when it says Gemeinwerk already."""
    operator = str(settings.GEMEINWERK_OPERATOR["name"]).strip()
    if not operator:
        return NAME
    if NAME.lower() in operator.lower():
        return operator
    return f"{NAME} \N{EN DASH} {operator}"


def manifest_data() -> dict[str, Any]:
    return {
        "id": "/",
        "name": app_name(),
        "short_name": NAME,
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": BACKGROUND_COLOUR,
        "theme_color": THEME_COLOUR,
        "icons": [
            {
                "src": static(f"gemeinwerk/img/{file}"),
                "sizes": f"{size}x{size}",
                "type": "image/png",
                "purpose": purpose,
            }
            for file, size, purpose in ICONS
        ],
    }


@allowed_while_acting(changes_for_the_person=False)
@require_safe
@cache_control(public=True, max_age=3600)
def manifest(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        manifest_data(),
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )


def offline_pages() -> list[dict[str, str]]:
    """The offline page in each language with the address prefix it stands for, the
    longest prefix first (German has none: "/")."""
    pages = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            pages.append({"prefix": reverse("core:home"), "url": reverse("core:offline")})
    return sorted(pages, key=lambda page: -len(page["prefix"]))


def _read_static(path: str) -> bytes:
    # The build folder where there is one (development, tests); else what collectstatic
    # gathered (its unhashed copy).
    found = finders.find(path)
    if isinstance(found, str):
        return Path(found).read_bytes()
    with staticfiles_storage.open(path) as file:
        return bytes(file.read())


def _static_files() -> list[tuple[str, bytes]]:
    """Every static file by its path, in a fixed order."""
    files: dict[str, bytes] = {}
    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            if path not in files:  # the first finder wins, as in finders.find()
                with storage.open(path) as file:
                    files[path] = bytes(file.read())
    return sorted(files.items())


def _version() -> str:
    """A digest of everything the service worker keeps or is: the same on every server
    with the same release (no dates or paths in it), and new when anything changes."""
    digest = hashlib.sha256()
    for path, content in _static_files():
        digest.update(path.encode() + b"\0" + hashlib.sha256(content).digest())
    for source in OFFLINE_PAGE_SOURCES:
        digest.update(source.read_bytes())
    for catalogue in sorted(Path(settings.LOCALE_PATHS[0]).glob("*/LC_MESSAGES/django.mo")):
        digest.update(catalogue.read_bytes())
    return digest.hexdigest()[:16]


_cached_version = cache(_version)


def version() -> str:
    # Read once per process in production; while developing, files change under it.
    return _version() if settings.DEBUG else _cached_version()


def service_worker_config() -> dict[str, Any]:
    return {
        "cache": f"{CACHE_PREFIX}{version()}",
        "cachePrefix": CACHE_PREFIX,
        "staticPrefix": settings.STATIC_URL,
        "precache": [static(path) for path in PRECACHE],
        "offlinePages": offline_pages(),
    }


@allowed_while_acting(changes_for_the_person=False)
@require_safe
@cache_control(no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    """The bundled script, preceded by this installation's settings for it."""
    config = json.dumps(service_worker_config(), ensure_ascii=False, sort_keys=True)
    source = _read_static(SERVICE_WORKER_SOURCE).decode()
    body = f"self.gemeinwerkServiceWorker = {config};\n{source}"
    return HttpResponse(body, content_type="text/javascript; charset=utf-8")


@allowed_while_acting(changes_for_the_person=False)
@require_safe
@cache_control(public=True, max_age=86400)
def apple_touch_icon(request: HttpRequest) -> HttpResponse:
    """iPhones and iPads take their home-screen icon from here, not from the manifest.
    At the root, where they look for it even on pages without the link, and not among
    the static files: no visit loads it, only adding the page to the home screen."""
    return HttpResponse(_read_static(APPLE_TOUCH_ICON), content_type="image/png")


@allowed_while_acting(changes_for_the_person=False)
@require_safe
def offline(request: HttpRequest) -> HttpResponse:
    """What the service worker shows instead of a page it cannot reach."""
    return render(request, "core/offline.html")
