"""ICE servers from settings, and TURN credentials as coturn's use-auth-secret mode
checks them: user name "<expiry>:<name>", password base64(HMAC-SHA1(secret, user name))."""

import base64
import hashlib
import hmac
import time
from typing import Any

import pytest

from gemeinwerk.meetings.ice import ice_servers, turn_credentials

NOW = 1_750_000_000.0


def coturn_password(secret: str, username: str) -> str:
    """What coturn computes from its static-auth-secret to check a user name."""
    return base64.b64encode(
        hmac.new(secret.encode(), username.encode(), hashlib.sha1).digest()
    ).decode()


def test_the_user_name_is_the_expiry_and_the_name():
    credentials = turn_credentials(secret="geheim", name="seat-a", ttl=3600, now=NOW)

    assert credentials["username"] == "1750003600:seat-a"


def test_the_credential_is_the_base64_hmac_sha1_of_the_user_name():
    credentials = turn_credentials(secret="geheim", name="seat-a", ttl=3600, now=NOW)

    assert credentials["credential"] == coturn_password("geheim", "1750003600:seat-a")
    # SHA-1 gives 20 bytes: 28 characters in base64.
    assert len(base64.b64decode(credentials["credential"])) == 20
    assert set(credentials) == {"username", "credential"}


def test_a_known_credential():
    # printf '%s' 1000000060:alice | openssl dgst -sha1 -hmac secret -binary | base64
    expected = "v+J7Sk8J7lu1TR01D1C//U3oIs8="

    credentials = turn_credentials(secret="secret", name="alice", ttl=60, now=1_000_000_000)

    assert credentials == {"username": "1000000060:alice", "credential": expected}


def test_the_expiry_is_whole_seconds():
    credentials = turn_credentials(secret="s", name="n", ttl=10, now=NOW + 0.9)

    assert credentials["username"] == "1750000010:n"


def test_another_secret_name_or_time_gives_another_credential():
    base = turn_credentials(secret="geheim", name="seat-a", ttl=3600, now=NOW)

    assert turn_credentials(secret="anders", name="seat-a", ttl=3600, now=NOW) != base
    assert turn_credentials(secret="geheim", name="seat-b", ttl=3600, now=NOW) != base
    assert turn_credentials(secret="geheim", name="seat-a", ttl=3601, now=NOW) != base


def test_the_expiry_is_counted_from_the_real_clock_by_default():
    before = int(time.time())
    credentials = turn_credentials(secret="geheim", name="seat-a", ttl=600)
    after = int(time.time())

    expiry, name = credentials["username"].split(":", 1)
    assert before + 600 <= int(expiry) <= after + 600
    assert name == "seat-a"


def test_a_secret_with_other_letters_works():
    credentials = turn_credentials(secret="Geheimnis-ÄÖÜ-żółć", name="s", ttl=1, now=NOW)

    assert credentials["credential"] == coturn_password("Geheimnis-ÄÖÜ-żółć", "1750000001:s")


# --- From settings -------------------------------------------------------------------


@pytest.fixture
def no_ice(settings: Any) -> Any:
    settings.ICE_STUN_URLS = []
    settings.ICE_TURN_URLS = []
    settings.ICE_TURN_SECRET = ""
    settings.ICE_TURN_TTL_SECONDS = 3600
    return settings


def test_no_servers_without_settings(no_ice: Any):
    assert ice_servers("seat-a") == []


def test_stun_only(no_ice: Any):
    no_ice.ICE_STUN_URLS = ["stun:stun.example.org:3478", "stun:[2001:db8::1]:3478"]

    assert ice_servers("seat-a") == [
        {"urls": ["stun:stun.example.org:3478", "stun:[2001:db8::1]:3478"]}
    ]


def test_turn_needs_its_secret(no_ice: Any):
    no_ice.ICE_TURN_URLS = ["turn:turn.example.org:3478?transport=udp"]

    assert ice_servers("seat-a") == []


def test_a_secret_without_turn_urls_gives_no_turn(no_ice: Any):
    no_ice.ICE_TURN_SECRET = "geheim"

    assert ice_servers("seat-a") == []


def test_stun_and_turn_with_time_limited_credentials(no_ice: Any):
    no_ice.ICE_STUN_URLS = ["stun:turn.example.org:3478"]
    no_ice.ICE_TURN_URLS = [
        "turn:turn.example.org:3478?transport=udp",
        "turns:turn.example.org:5349?transport=tcp",
    ]
    no_ice.ICE_TURN_SECRET = "geheim"
    no_ice.ICE_TURN_TTL_SECONDS = 7200
    before = int(time.time())

    stun, turn = ice_servers("seat-a")

    assert stun == {"urls": ["stun:turn.example.org:3478"]}
    assert turn["urls"] == [
        "turn:turn.example.org:3478?transport=udp",
        "turns:turn.example.org:5349?transport=tcp",
    ]
    assert set(turn) == {"urls", "username", "credential"}
    expiry, name = turn["username"].split(":", 1)
    assert name == "seat-a"
    assert before + 7200 <= int(expiry) <= int(time.time()) + 7200
    assert turn["credential"] == coturn_password("geheim", turn["username"])


def test_turn_only(no_ice: Any):
    no_ice.ICE_TURN_URLS = ["turn:turn.example.org:3478"]
    no_ice.ICE_TURN_SECRET = "geheim"

    (turn,) = ice_servers("seat-b")

    assert turn["urls"] == ["turn:turn.example.org:3478"]
    assert turn["username"].endswith(":seat-b")
    assert turn["credential"] == coturn_password("geheim", turn["username"])


def test_every_participant_gets_their_own_credentials(no_ice: Any):
    no_ice.ICE_TURN_URLS = ["turn:turn.example.org:3478"]
    no_ice.ICE_TURN_SECRET = "geheim"

    (a,) = ice_servers("seat-a")
    (b,) = ice_servers("seat-b")

    assert a["username"] != b["username"]
    assert a["credential"] != b["credential"]


def test_the_settings_list_is_not_handed_out_itself(no_ice: Any):
    no_ice.ICE_STUN_URLS = ["stun:stun.example.org"]

    (stun,) = ice_servers("seat-a")
    stun["urls"].append("stun:evil.example")

    assert ice_servers("seat-a") == [{"urls": ["stun:stun.example.org"]}]
