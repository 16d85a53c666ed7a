"""Small hardening: nothing a signed-in person saw stays in a shared PC's browser cache,
and a refused request is logged in one line, without a traceback."""

import logging

import pytest
from django.test import Client

from gemeinwerk.accounts.tests.more_factories import make_user, signed_in, url
from gemeinwerk.groups.tests.factories import GroupFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["core:home", "me:overview", "places:list", "groups:list"])
def test_pages_for_a_signed_in_person_are_stored_nowhere(name: str):
    response = signed_in(make_user()).get(url(name))

    assert response.status_code == 200
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= cache_control


def test_a_cached_response_loses_its_lifetime_once_someone_is_signed_in():
    from gemeinwerk.accounts.models import Visibility
    from gemeinwerk.accounts.tests.test_profile import full_profile

    owner = make_user()
    full_profile(owner, Visibility.PUBLIC, picture=True)

    response = signed_in(make_user()).get(url("members:picture", owner.public_id))

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"


def test_a_response_that_already_forbids_storing_keeps_its_header():
    response = signed_in(make_user()).get(url("me:export"))

    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("name", ["core:home", "places:list", "groups:list", "help:index"])
def test_public_pages_for_anonymous_visitors_keep_their_caching(client: Client, name: str):
    response = client.get(url(name))

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_signing_out_answers_without_store_and_the_next_page_is_public_again():
    member = make_user()
    client = signed_in(member)

    response = client.post(url("account_logout"))

    assert response.status_code == 302
    assert "no-store" not in client.get(url("core:home")).get("Cache-Control", "")


# --- Logging of refused requests ------------------------------------------------------


def test_a_403_is_logged_in_one_line_without_a_traceback(caplog: pytest.LogCaptureFixture):
    group = GroupFactory.create()
    stranger = signed_in(make_user())

    with caplog.at_level(logging.INFO):
        response = stranger.get(url("groups:manage", group.slug))

    assert response.status_code == 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert [r.levelname for r in records] == ["WARNING"]
    assert records[0].getMessage().startswith("Forbidden (Permission denied): ")
    assert records[0].exc_info is None
    assert "Traceback" not in caplog.text


def test_a_404_is_logged_without_a_traceback(caplog: pytest.LogCaptureFixture, client: Client):
    with caplog.at_level(logging.INFO):
        assert client.get("/groups/no-such-group/").status_code == 404

    records = [r for r in caplog.records if r.name == "django.request"]
    assert [r.getMessage() for r in records] == ["Not Found: /groups/no-such-group/"]
    assert records[0].exc_info is None
    assert "Traceback" not in caplog.text


def test_a_bad_host_is_written_to_the_log_without_a_traceback(caplog: pytest.LogCaptureFixture):
    # django.security logs under a logger per exception class: the filter sits on the
    # handler that writes the log, so this test asks that handler what it writes.
    with caplog.at_level(logging.INFO):
        response = Client().get("/", headers={"host": "evil.example"})
    console = logging.getHandlerByName("console")
    assert console is not None

    assert response.status_code == 400
    [record] = [r for r in caplog.records if r.name.startswith("django.security")]
    shown = console.filter(record)
    assert isinstance(shown, logging.LogRecord)
    written = console.format(shown)
    assert "Invalid HTTP_HOST header" in written
    assert "Traceback" not in written


def test_a_server_error_keeps_its_traceback():
    from gemeinwerk.core.logfilters import ClientErrorsWithoutTraceback

    try:
        raise RuntimeError("broken")
    except RuntimeError:
        import sys

        record = logging.LogRecord(
            "django.request", logging.ERROR, __file__, 1, "boom", (), sys.exc_info()
        )
    record.status_code = 500

    kept = ClientErrorsWithoutTraceback().filter(record)

    assert kept is True
    assert record.exc_info is not None
