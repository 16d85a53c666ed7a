"""Layout checks shared by the browser tests."""

from playwright.sync_api import Page


def assert_reflows(page: Page, label: str) -> None:
    """No sideways scrolling at 640 CSS pixels (a 1280-pixel window at 200% zoom) and at
    WCAG's 320 (a phone)."""
    size = page.viewport_size
    for width in (640, 320):
        page.set_viewport_size({"width": width, "height": 800})
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{label} scrolls sideways by {overflow}px at {width}px"
    if size is not None:
        page.set_viewport_size(size)
