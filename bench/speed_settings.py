"""The project's settings with the page-speed bench's URLs (bench/page_speed.py): the
same middleware, templates and database, plus a bare view to compare with."""

from gemeinwerk.settings import *  # noqa: F403

ROOT_URLCONF = "bench.speed_urls"
