"""The world, built once for all matrix modules of this package."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.db import transaction

from tests.matrix.world import World, build_world


@pytest.fixture(scope="package")
def shared_world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """The world, built once for the package in a transaction that is rolled back at the
    end. Each test's `db` fixture opens a savepoint inside it and rolls it back, so a
    case that changes data leaves nothing behind for the next."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def world(shared_world: World, db: None) -> World:
    # Rate limits live in the cache; each case starts with none spent.
    cache.clear()
    return shared_world
