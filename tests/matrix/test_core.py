"""Core pages every visitor sees, /healthz, the web app's manifest and service worker,
and the Django admin."""

import pytest

from tests.matrix.cases import Case, Matrix, check, params, same, signed_in
from tests.matrix.world import WITHOUT_SECOND_FACTOR, World

MATRIX: Matrix = {
    "healthz": [Case("/healthz", expected=same(200))],
    "core:home": [Case("/", expected=same(200)), Case("/pl/", expected=same(200))],
    "core:privacy": [Case("/privacy/", expected=same(200))],
    "core:house_rules": [Case("/house-rules/", expected=same(200))],
    # Everyone switches plain language for their own browser (and account).
    "core:plain_language": [
        Case("/plain-language/", "post", {"plain": "on"}, expected=same(302)),
        Case("/plain-language/", expected=same(405)),
    ],
    "core:offline": [
        Case("/offline/", expected=same(200)),
        Case("/pl/offline/", expected=same(200)),
    ],
    # The installable web app's files, the same for everyone (gemeinwerk/core/pwa.py).
    "pwa:manifest": [Case("/manifest.webmanifest", expected=same(200))],
    "pwa:apple_touch_icon": [Case("/apple-touch-icon.png", expected=same(200))],
    "pwa:service_worker": [
        Case("/sw.js", expected=same(200)),
        Case("/sw.js", "post", expected=same(405)),
    ],
    "core:text_size": [
        Case("/text-size/", "post", {"size": "large"}, expected=same(302)),
        Case("/text-size/", expected=same(405)),
    ],
    # The Django admin guards all its pages the same way; the index and one model page
    # stand for the namespace. Only admins get in (with their second factor); everyone
    # else is sent to its sign-in page, which refuses signed-in non-admins.
    "admin:*": [
        Case("/admin/", expected=same(302) | {"admin": 200}),
        Case("/admin/accounts/user/", expected=same(302) | {"admin": 200}),
        Case(
            "/admin/login/",
            expected=signed_in(403, anonymous=302)
            | {"admin": 302}
            | dict.fromkeys(WITHOUT_SECOND_FACTOR, 302),
        ),
    ],
}


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "name", "index"), params(MATRIX))
def test_route_answers_each_role_as_expected(world: World, role: str, name: str, index: int):
    check(world, role, MATRIX[name][index])
