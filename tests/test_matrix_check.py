"""The permission matrix's check of "a refused request changes nothing"
(tests/matrix/cases.py) sees every write a request makes."""

import pytest
from django.db import connection

from gemeinwerk.places.models import District
from tests.matrix.cases import Writes

pytestmark = pytest.mark.django_db


def test_inserts_updates_and_deletes_name_their_table():
    writes = Writes()
    with connection.execute_wrapper(writes):
        District.objects.create(name="Probe", slug="probe-watch")
        District.objects.filter(slug="probe-watch").update(name="Probe 2")
        District.objects.filter(slug="probe-watch").delete()
        list(District.objects.all())

    # The delete also reaches the tables that refer to districts (SET_NULL, CASCADE).
    assert District._meta.db_table in writes.tables
    assert "*" not in writes.tables
    assert len(writes.statements) >= 3


def test_a_statement_it_does_not_know_counts_as_a_write_to_every_table():
    writes = Writes()
    with connection.execute_wrapper(writes), connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE matrix_probe (id integer)")

    assert writes.tables == {"*"}
