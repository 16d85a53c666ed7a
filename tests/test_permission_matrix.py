"""Every route has an entry in the permission matrix: a new route without one fails here.

The entries live per app in tests/matrix/test_<app>.py (see tests/matrix/__init__.py);
this test reads every one of those modules, so a new app's module counts without being
named here.
"""

import importlib
import pkgutil
from collections import Counter

from django.urls import get_resolver

from tests import matrix
from tests.matrix.cases import Matrix, route_names

# test_websocket_matrix.py builds the same world; it imports it from here.
from tests.matrix.world import ROLES, World, build_world, sign_in

__all__ = ["ROLES", "World", "build_world", "sign_in"]


def app_matrices() -> dict[str, Matrix]:
    """Each matrix module's MATRIX, by module name."""
    found = {}
    for module in pkgutil.iter_modules(matrix.__path__):
        if module.name.startswith("test_"):
            found[module.name] = importlib.import_module(f"{matrix.__name__}.{module.name}").MATRIX
    return found


def test_every_route_has_an_entry_in_the_matrix():
    matrices = app_matrices()
    entries = Counter(name for entries in matrices.values() for name in entries)
    routes = set(route_names(get_resolver()))

    assert sorted(routes - set(entries)) == [], "add these routes to an app's MATRIX"
    assert sorted(set(entries) - routes) == [], "these MATRIX entries match no route"
    assert [name for name, count in entries.items() if count > 1] == [], (
        "these routes are in more than one matrix module"
    )
