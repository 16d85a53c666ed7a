"""The chat benchmark's people (bench/chat_live.py): N verified members, each in one
conversation of 2-10 people and signed in, made in bulk through the ORM.

    python bench/chat_data.py N --seed 14 --out members.json     (with the bench's environment)

Each member gets a profile with a display name, a confirmed e-mail address and a
session in the database as signing in leaves it (the account's id, backend and session
hash, the sign-in time the session middleware keeps); the passwords are unusable, since
nobody signs in through the form. Two people share a one-to-one conversation, three or
more a group conversation. Writes what the clients need as JSON: the session cookie's
name, each member's user id, session key and conversation, and who is in each
conversation.
"""

import argparse
import json
import random
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GROUP_MAX = 10


def conversation_sizes(count: int, rng: random.Random) -> list[int]:
    """Sizes of 2-10 that add up to `count` (at least 2)."""
    sizes: list[int] = []
    left = count
    while left:
        size = left if left <= GROUP_MAX else rng.randint(2, GROUP_MAX)
        if left - size == 1:
            size -= 1
        sizes.append(size)
        left -= size
    return sizes


def pair(people: list[Any]) -> str:
    """A one-to-one conversation's key, as services.start_conversation makes it."""
    low, high = sorted(person.pk for person in people)
    return f"{low}:{high}"


def make(count: int, seed: int) -> dict[str, Any]:
    import django

    django.setup()
    from allauth.account.models import EmailAddress
    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.base import VALID_KEY_CHARS
    from django.db import transaction
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from gemeinwerk.accounts.models import Profile, Session, TrustLevel, User
    from gemeinwerk.accounts.sessions import SEEN_KEY, STARTED_KEY, SessionStore
    from gemeinwerk.chat.models import Conversation, Participant
    from gemeinwerk.core.text import skeleton

    rng = random.Random(seed)  # noqa: S311 (who talks to whom, not a secret)
    now = timezone.now()
    stamp = int(now.timestamp())
    backend = "allauth.account.auth_backends.AuthenticationBackend"
    with transaction.atomic():
        # bulk_create skips save(), which keeps the user name's skeleton: set it here.
        users = [
            User(
                username=f"chat{n:05d}",
                username_skeleton=skeleton(f"chat{n:05d}"),
                email=f"chat{n:05d}@example.org",
                trust_level=TrustLevel.VERIFIED,
                password=make_password(None),
            )
            for n in range(count)
        ]
        User.objects.bulk_create(users)
        EmailAddress.objects.bulk_create(
            EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
        )
        Profile.objects.bulk_create(
            Profile(user=user, display_name=f"Nachbar {n}") for n, user in enumerate(users)
        )
        order = list(users)
        rng.shuffle(order)
        groups: list[list[Any]] = []
        for size in conversation_sizes(count, rng):
            groups.append(order[:size])
            order = order[size:]
        conversations = [
            Conversation(
                is_group=len(people) > 2,
                title="Nachbarschaftshilfe" if len(people) > 2 else "",
                started_by=people[0],
                pair=None if len(people) > 2 else pair(people),
            )
            for people in groups
        ]
        Conversation.objects.bulk_create(conversations)
        Participant.objects.bulk_create(
            Participant(conversation=conversation, user=person, joined_at=now)
            for conversation, people in zip(conversations, groups, strict=True)
            for person in people
        )
        store = SessionStore()
        keys = {user.pk: get_random_string(32, VALID_KEY_CHARS) for user in users}
        Session.objects.bulk_create(
            Session(
                session_key=keys[user.pk],
                session_data=store.encode(
                    {
                        "_auth_user_id": str(user.pk),
                        "_auth_user_backend": backend,
                        "_auth_user_hash": user.get_session_auth_hash(),
                        STARTED_KEY: stamp,
                        SEEN_KEY: stamp,
                    }
                ),
                expire_date=now + timedelta(seconds=settings.SESSION_COOKIE_AGE),
                user=user,
                device="Benchmark",
                created_at=now,
                last_activity=now,
            )
            for user in users
        )
    conversation_of = {
        person.pk: conversation.pk
        for conversation, people in zip(conversations, groups, strict=True)
        for person in people
    }
    return {
        "cookie": settings.SESSION_COOKIE_NAME,
        "members": [
            {"user": u.pk, "session": keys[u.pk], "conversation": conversation_of[u.pk]}
            for u in users
        ],
        "conversations": {
            str(conversation.pk): [person.pk for person in people]
            for conversation, people in zip(conversations, groups, strict=True)
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("members", type=int)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    if args.members < 2:
        raise SystemExit("at least 2 members")
    sys.path.insert(0, str(ROOT))
    args.out.write_text(json.dumps(make(args.members, args.seed)))


if __name__ == "__main__":
    main()
