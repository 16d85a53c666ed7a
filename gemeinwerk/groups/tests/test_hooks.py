"""groups tells the apps above it that someone lost a group's host powers."""

from unittest.mock import MagicMock, patch

import pytest

from gemeinwerk.groups import hooks


def test_a_failing_listener_does_not_keep_the_news_from_the_others(
    caplog: pytest.LogCaptureFixture,
):
    failing = MagicMock(side_effect=ConnectionError("channel layer down"))
    listening = MagicMock()

    with patch.object(hooks, "_on_host_powers_lost", [failing, listening]):
        hooks.host_powers_lost(group="the group", user="the person")

    listening.assert_called_once_with(group="the group", user="the person")
    assert "ConnectionError" in caplog.text
    assert "the person" not in caplog.text


def test_a_listener_registered_twice_hears_once():
    listening = MagicMock()

    with patch.object(hooks, "_on_host_powers_lost", []):
        hooks.on_host_powers_lost(listening)
        hooks.on_host_powers_lost(listening)
        hooks.host_powers_lost(group=1, user=2)

    listening.assert_called_once_with(group=1, user=2)
