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


def test_a_change_tells_which_seats_it_gave_up(monkeypatch):
    # The heartbeat announces seats it tidied away. Whether it did is known only under the
    # room's lock: a seat that becomes overdue after a look from outside must not go
    # unannounced (the room list would show it to the others until the next change).
    async def scenario() -> None:
        sit = state.sit_down
        await store.change(
            8, lambda s: sit(s, seat_id="h", channel="ch", name="Hanna", avatar="sun", host=True)
        )
        await store.change(
            8, lambda s: sit(s, seat_id="a", channel="ca", name="Zora", avatar="sun", host=False)
        )
        await store.change(8, lambda s: state.stand_up(s, seat_id="a", channel="ca", dropped=True))
        assert not state.has_overdue_seats(await store.read(8))

        later = time.time() + 120
        monkeypatch.setattr(state, "_now", lambda: later)
        tidied: list[str] = []
        room, _ = await store.change(8, lambda s: None, alive=("h", "ch"), tidied=tidied)

        assert tidied == ["a"]
        assert set(room["seats"]) == {"h"}

    asyncio.run(scenario())
