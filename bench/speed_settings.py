"""The project's settings with the page-speed bench's URLs (bench/page_speed.py): the
same middleware, templates and database, plus a bare view to compare with.
`BENCH_PAGE_CACHE=off` renders every page for every request (core/pagecache.py off)."""

import os

from gemeinwerk.settings import *  # noqa: F403

ROOT_URLCONF = "bench.speed_urls"
GEMEINWERK_PAGE_CACHE = os.environ.get("BENCH_PAGE_CACHE", "on") != "off"
