"""The room's state in the cache: gone when the meeting's time is over, whether or not
anybody ended it or left."""

import asyncio
import time

from gemeinwerk.meetings import state, store


def test_the_state_lives_until_the_meetings_end_at_most():
    now = time.time()

    assert store._lifetime(None) == store.IDLE_EXPIRY_SECONDS
    assert store._lifetime(now + 600) in (600, 601)
    assert store._lifetime(now + 10 * 24 * 3600) == store.IDLE_EXPIRY_SECONDS
    assert store._lifetime(now - 5) == 1  # already over: gone at once


def test_a_dropped_seat_with_its_nickname_is_gone_when_the_meeting_is_over():
    async def scenario() -> None:
        end = time.time() + 1
        await store.change(
            7,
            lambda s: state.sit_down(
                s, seat_id="a", channel="c", name="Zora", avatar="sun", host=False
            ),
            until=end,
        )
        await store.change(
            7, lambda s: state.stand_up(s, seat_id="a", channel="c", dropped=True), until=end
        )
        assert "a" in (await store.read(7))["seats"]
        await asyncio.sleep(2.1)
        assert await store.read(7) == state.new_room(7)

    asyncio.run(scenario())
