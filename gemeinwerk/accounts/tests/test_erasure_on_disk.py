"""A deleted account leaves the disk: the database file and SQLite's write-ahead log hold
no byte of the person afterwards (test_personal_data.py checks every column; this
checks the files the rows lived in)."""

from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from gemeinwerk.accounts.tests.more_factories import url
from gemeinwerk.accounts.tests.test_personal_data import (
    DISPLAY_NAME,
    EMAIL,
    PHONE,
    QUEUED_MAILERS,
    build_rich_member,
)

pytestmark = [
    # Real commits: the checkpoint runs once the deletion is committed.
    pytest.mark.django_db(transaction=True),
    # SQLite's files; PostgreSQL's VACUUM is an operator's job (docs/operations.md).
    pytest.mark.sqlite,
]


def database_files() -> dict[str, bytes]:
    path = Path(connection.settings_dict["NAME"])
    files = [path, path.with_name(path.name + "-wal")]
    return {file.name: file.read_bytes() for file in files if file.exists()}


def files_holding(value: str) -> list[str]:
    needle = value.encode()
    return sorted(name for name, content in database_files().items() if needle in content)


def test_a_deleted_account_leaves_neither_the_database_file_nor_the_log(settings: Any):
    settings.MAILERS = QUEUED_MAILERS
    rich = build_rich_member()
    # Guards the test: the scan sees the person while the account exists.
    assert files_holding(EMAIL)

    response = rich.client.post(url("me:delete"), {"password": "Lange-Passwort-1"})

    assert response.status_code == 302
    assert {value: files_holding(value) for value in (EMAIL, DISPLAY_NAME, PHONE)} == {
        EMAIL: [],
        DISPLAY_NAME: [],
        PHONE: [],
    }
