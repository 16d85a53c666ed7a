"""The 503 pages for a database or cache outage (gemeinwerk/core/outage.py) pass axe in
every language. (That they carry no script is checked in core/tests/test_outages.py.)"""

from typing import Any

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from gemeinwerk.core.outage import Service, unavailable_response
from tests.browser.conftest import PageWatch
from tests.browser.test_site import serve


@pytest.mark.parametrize("language", ["de", "pl", "en"])
def test_outage_pages_pass_axe(
    page: Page, live_server_url: str, watch: PageWatch, assert_accessible: Any, language: str
):
    watch.allow("the server responded with a status of 503")
    for service in Service:
        with translation.override(language):
            response = unavailable_response(service)
        url = f"{live_server_url}/outage-{service}"
        page.route(url, serve(response))
        page.goto(url)
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.locator("h1")).to_have_count(1)
        assert_accessible(f"{language} 503 {service}")
