"""The meeting room's signalling: a thin WebSocket consumer. It lets people in by their
signed join cookie, keeps the room state (meetings.state, stored in meetings.store),
and relays WebRTC offers, answers and candidates between browsers. Audio and video go
peer to peer and never pass through the server; chat lines are relayed, never stored."""

import asyncio
import json
import time
import uuid
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.utils import timezone

from gemeinwerk.groups.joining import JOIN_COOKIE, read_join_cookie
from gemeinwerk.groups.models import Occurrence
from gemeinwerk.groups.schedule import EARLY_ENTRY
from gemeinwerk.meetings import protocol, state, store, tokens
from gemeinwerk.meetings.ice import ice_servers

# Per connection: a burst of BUCKET messages, then RATE a second. Entering a full room
# negotiates with 14 others at once (an offer or answer and a few candidates each, about
# 60 to 100 messages in a second or two): the burst must hold that with room to spare,
# or lost candidates leave connections unfinished. Chat and reactions, which everyone's
# screen reader reads out, have slower buckets of their own. Too many refused messages
# end the connection.
BUCKET, RATE = 300, 30.0
CHAT_BUCKET, CHAT_RATE = 5, 1.0
REACT_BUCKET, REACT_RATE = 5, 0.5
MAX_REFUSED = 20
TIDY_SECONDS = 5.0

CLOSE_REFUSED = 4403
CLOSE_PROTOCOL = 4008
CLOSE_ENDED = 4410


class TokenBucket:
    def __init__(self, size: int, rate: float) -> None:
        self.size, self.rate = size, rate
        self.tokens = float(size)
        self.stamp = time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.size, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


@database_sync_to_async
def open_occurrence(occurrence_id: int) -> Occurrence | None:
    """The occurrence, if its room is open now."""
    now = timezone.now()
    return (
        Occurrence.objects.filter(
            pk=occurrence_id,
            cancelled_at__isnull=True,
            starts_at__lte=now + EARLY_ENTRY,
            ends_at__gt=now,
            meeting__group__status="active",
        )
        .select_related("meeting__group")
        .first()
    )


class RoomConsumer(AsyncWebsocketConsumer):
    room: int
    seat: str

    async def connect(self) -> None:
        self.joined = False
        self.leaving = False
        self.closing_page = False
        self.closing_time: asyncio.TimerHandle | None = None
        self.refused = 0
        self.tidied = 0.0
        self.bucket = TokenBucket(BUCKET, RATE)
        self.chat_bucket = TokenBucket(CHAT_BUCKET, CHAT_RATE)
        self.react_bucket = TokenBucket(REACT_BUCKET, REACT_RATE)
        # Accepted first, so that a refusal can say why.
        await self.accept()
        cookies = self.scope.get("cookies", {})
        cookie = read_join_cookie(cookies.get(JOIN_COOKIE))
        if not cookie or not cookie.get("r") or not cookie.get("s"):
            await self.refuse("not_joined")
            return
        if not tokens.is_valid(
            cookies.get(tokens.ROOM_COOKIE), occurrence_id=cookie["o"], seat=cookie["s"]
        ):
            # Missing or stale: the page fetches a fresh token and tries again.
            await self.refuse("token")
            return
        occurrence = await open_occurrence(cookie["o"])
        if occurrence is None:
            await self.refuse("not_open")
            return
        self.room, self.seat = occurrence.pk, cookie["s"]
        self.ends_at = occurrence.ends_at.timestamp()
        earlier: list[str | None] = []

        def sit_down(room_state: state.State) -> str | None:
            earlier.append(state.channel_of(room_state, self.seat))
            return state.sit_down(
                room_state,
                seat_id=self.seat,
                channel=self.channel_name,
                name=cookie["n"],
                avatar=cookie.get("a", ""),
                host=bool(cookie.get("h")),
            )

        room_state, refusal = await store.change(self.room, sit_down, until=self.ends_at)
        if refusal:
            await self.refuse(refusal)
            return
        self.joined = True
        # The room closes at the meeting's planned end, for everyone in it; the state
        # expires from the cache at the same moment.
        self.closing_time = asyncio.get_running_loop().call_later(
            max(0.0, self.ends_at - time.time()),
            self.close_on_time,
        )
        if earlier[-1] and earlier[-1] != self.channel_name:
            # The same seat opened in another tab: one connection per seat, the newest.
            await self.channel_layer.send(earlier[-1], {"type": "room.replaced"})
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.send_json(
            {
                "type": "welcome",
                "seat": self.seat,
                "capacity": state.CAPACITY,
                "ice": ice_servers(self.seat),
                "state": state.public_view(room_state),
            }
        )
        await self.broadcast(room_state)

    @property
    def group(self) -> str:
        return f"room.{self.room}"

    async def refuse(self, reason: str) -> None:
        await self.send_json({"type": "refused", "reason": reason})
        await self.close(code=CLOSE_REFUSED)

    async def disconnect(self, code: int) -> None:
        if self.closing_time:
            self.closing_time.cancel()
        if not self.joined:
            return
        self.joined = False
        grace = state.PAGE_CLOSED_GRACE_SECONDS if self.closing_page else None
        room_state, _ = await store.change(
            self.room,
            lambda s: state.stand_up(
                s,
                seat_id=self.seat,
                channel=self.channel_name,
                dropped=not self.leaving,
                grace=grace,
            ),
            until=self.ends_at,
        )
        await self.channel_layer.group_discard(self.group, self.channel_name)
        if room_state["seats"]:
            await self.broadcast(room_state)

    # --- From the browser ------------------------------------------------------------

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if not self.joined:
            return
        if text_data is None or not self.bucket.take():
            await self.error("too_many")
            return
        try:
            message = protocol.parse(text_data)
        except protocol.Invalid as invalid:
            await self.error(invalid.code)
            return
        handler = getattr(self, f"on_{message['type']}")
        await handler(message)

    async def error(self, code: str) -> None:
        self.refused += 1
        if self.refused > MAX_REFUSED:
            await self.close(code=CLOSE_PROTOCOL)
            return
        await self.send_json({"type": "error", "error": code})

    async def change(self, function: Any) -> dict[str, Any] | None:
        """Change the room; broadcast on success, tell the sender why not otherwise."""
        room_state, refusal = await store.change(self.room, function, until=self.ends_at)
        if refusal:
            await self.error(refusal)
            return None
        await self.broadcast(room_state)
        return room_state

    async def seated(self) -> state.State | None:
        """The room, if this connection still holds its seat. A removed or replaced
        connection hears so in a moment; until then its messages go nowhere."""
        current = await store.read(self.room)
        if state.channel_of(current, self.seat) != self.channel_name:
            await self.error(state.Refusal.NO_SUCH_SEAT)
            return None
        return current

    async def on_signal(self, message: dict[str, Any]) -> None:
        current = await self.seated()
        if current is None:
            return
        target = state.channel_of(current, message["to"])
        if target is None:
            await self.error(state.Refusal.NO_SUCH_SEAT)
            return
        # The sender is who the server knows, never what the message claims.
        await self.channel_layer.send(
            target, {"type": "room.signal", "from": self.seat, "data": message["data"]}
        )

    async def on_hand(self, message: dict[str, Any]) -> None:
        await self.change(
            lambda s: state.raise_hand(s, seat_id=self.seat, raised=message["raised"])
        )

    async def on_status(self, message: dict[str, Any]) -> None:
        await self.change(
            lambda s: state.set_status(
                s, seat_id=self.seat, field=message["field"], value=message["value"]
            )
        )

    async def on_next_speaker(self, message: dict[str, Any]) -> None:
        await self.change(lambda s: state.next_speaker(s, by=self.seat))

    async def on_round_start(self, message: dict[str, Any]) -> None:
        await self.change(lambda s: state.start_round(s, by=self.seat, minutes=message["minutes"]))

    async def on_round_next(self, message: dict[str, Any]) -> None:
        await self.change(
            lambda s: state.next_turn(
                s, by=self.seat, turn=message["turn"], passing=message["pass"]
            )
        )

    async def on_round_stop(self, message: dict[str, Any]) -> None:
        await self.change(lambda s: state.stop_round(s, by=self.seat))

    async def on_react(self, message: dict[str, Any]) -> None:
        if not self.react_bucket.take():
            await self.error("too_many")
            return
        if await self.seated() is None:
            return
        await self.channel_layer.group_send(
            self.group, {"type": "room.react", "from": self.seat, "kind": message["kind"]}
        )

    async def on_chat(self, message: dict[str, Any]) -> None:
        if not self.chat_bucket.take():
            await self.error("too_many")
            return
        current = await self.seated()
        if current is None:
            return
        # Relayed to whoever is in the room now; nothing keeps a copy.
        await self.channel_layer.group_send(
            self.group,
            {
                "type": "room.chat",
                "id": uuid.uuid4().hex,
                "from": self.seat,
                "name": current["seats"][self.seat]["name"],
                "text": message["text"],
            },
        )

    async def on_host(self, message: dict[str, Any]) -> None:
        action, target = message["action"], message["seat"]
        if action == "ask_mute":
            current = await store.read(self.room)
            if state.channel_of(current, self.seat) != self.channel_name or not state.is_host(
                current, self.seat
            ):
                await self.error(state.Refusal.NOT_HOST)
                return
            channel = state.channel_of(current, target)
            if channel:
                await self.channel_layer.send(channel, {"type": "room.ask_mute", "by": self.seat})
            return
        # The target's connection as it is at the change, under the room's lock.
        channels: list[str | None] = []

        def act(room_state: state.State) -> str | None:
            if state.channel_of(room_state, self.seat) != self.channel_name:
                return state.Refusal.NOT_HOST
            channels.append(state.channel_of(room_state, target) if target else None)
            return state.host_action(room_state, by=self.seat, action=action, target=target)

        room_state = await self.change(act)
        target_channel = channels[-1] if channels else None
        if room_state is None:
            return
        if action == "end":
            await self.channel_layer.group_send(self.group, {"type": "room.ended"})
        elif action == "remove" and target_channel:
            await self.channel_layer.send(target_channel, {"type": "room.removed"})
        elif action == "mute" and target_channel:
            await self.channel_layer.send(target_channel, {"type": "room.muted_by_host"})

    def close_on_time(self) -> None:
        # Kept, so that the task is not collected before it ran.
        self.closing_task = asyncio.ensure_future(self.time_is_up())

    async def time_is_up(self) -> None:
        # Everyone's connection gets here at once; ending twice is ending once.
        await store.change(self.room, state.end, until=self.ends_at)
        await self.room_ended({"reason": "time"})

    async def on_leave(self, message: dict[str, Any]) -> None:
        # A closed or reloaded page keeps the seat a few seconds; the Leave button frees it.
        self.closing_page = message["closing"]
        self.leaving = not self.closing_page
        await self.close()

    async def on_ping(self, message: dict[str, Any]) -> None:
        await self.send_json({"type": "pong"})
        # Pings keep the circle tidy: seats whose grace time is over go, for everyone.
        # (Browsers ping every 25 seconds; a faster pinger does not cost a read each.)
        if time.monotonic() - self.tidied < TIDY_SECONDS:
            return
        self.tidied = time.monotonic()
        if state.has_overdue_seats(await store.read(self.room)):
            await self.change(lambda s: None)

    # --- From the channel layer -----------------------------------------------------

    async def broadcast(self, room_state: dict[str, Any]) -> None:
        await self.channel_layer.group_send(
            self.group, {"type": "room.state", "state": state.public_view(room_state)}
        )

    async def room_state(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "state", "state": event["state"]})

    async def room_signal(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "signal", "from": event["from"], "data": event["data"]})

    async def room_chat(self, event: dict[str, Any]) -> None:
        await self.send_json(
            {
                "type": "chat",
                "id": event["id"],
                "from": event["from"],
                "name": event["name"],
                "text": event["text"],
            }
        )

    async def room_react(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "react", "from": event["from"], "kind": event["kind"]})

    async def room_ask_mute(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "ask_mute", "by": event["by"]})

    async def room_muted_by_host(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "muted_by_host"})

    async def room_removed(self, event: dict[str, Any]) -> None:
        await self.send_off({"type": "removed"}, CLOSE_REFUSED)

    async def room_replaced(self, event: dict[str, Any]) -> None:
        await self.send_off({"type": "replaced"}, CLOSE_REFUSED)

    async def room_ended(self, event: dict[str, Any]) -> None:
        await self.send_off({"type": "ended", "reason": event.get("reason", "host")}, CLOSE_ENDED)

    async def send_off(self, message: dict[str, Any], code: int) -> None:
        """The seat is gone already (removed, or the room ended): no stand-up."""
        self.joined = False
        await self.channel_layer.group_discard(self.group, self.channel_name)
        await self.send_json(message)
        await self.close(code=code)

    async def send_json(self, content: dict[str, Any]) -> None:
        await self.send(text_data=json.dumps(content))
