"""Finding what people read: a text as the Polish pages show it, and the site's header."""

from django.utils import translation
from django.utils.functional import Promise
from playwright.sync_api import Locator, Page


def polish(text: str | Promise) -> str:
    """A text as the Polish pages show it: the catalogue's translation, or the English
    source while there is none. A label of the models (a lazy text, perhaps with a
    context) is passed as it is."""
    with translation.override("pl"):
        return str(translation.gettext(text) if isinstance(text, str) else text)


def header(page: Page) -> Locator:
    return page.locator("header.gw-header")
