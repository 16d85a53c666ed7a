"""The meeting room's signalling: a thin WebSocket consumer. It lets people in by their
signed join cookie, keeps the room state (meetings.state, stored in meetings.store),
and relays WebRTC offers, answers and candidates between browsers. Audio and video go
peer to peer and never pass through the server; chat lines are relayed, never stored.

How a seat ends, whichever way the connection ends (JsonConsumer runs `finish` in
`finally`): "leave" frees it at once; a closed page has left too, though a reload may
come back to its place for a few seconds; a connection that drops without a word keeps
its seat for MEETING_ROOM_RECONNECT_SECONDS. A heartbeat stamps the seat, so that a seat
whose server process died is given up as well. Sends to other connections never harm
the sender (`tell`)."""

import asyncio
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from channels.db import database_sync_to_async
from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone

from gemeinwerk.core.consumers import JsonConsumer
from gemeinwerk.core.outage import CLOSE_TRY_AGAIN_LATER
from gemeinwerk.groups.models import Occurrence
from gemeinwerk.meetings import protocol, selectors, services, state, store, tokens
from gemeinwerk.meetings.ice import ice_servers
from gemeinwerk.meetings.joining import JOIN_COOKIE, JoinTicket
from gemeinwerk.meetings.protocol import HostAction, MessageType

# Per connection: a burst of `burst` messages, then `rate` a second. Entering a full room
# negotiates with 14 others at once (an offer or answer and a few candidates each, about
# 60 to 100 messages in a second or two): the burst must hold that with room to spare,
# or lost candidates leave connections unfinished. Chat and reactions, which everyone's
# screen reader reads out, have slower buckets of their own. Too many refused messages
# end the connection (core.consumers.JsonConsumer).
BUCKET, RATE = 300, 30.0
CHAT_BUCKET, CHAT_RATE = 5, 1.0
REACT_BUCKET, REACT_RATE = 5, 0.5
TIDY_SECONDS = 5.0

CLOSE_REFUSED = 4403
CLOSE_ENDED = 4410

NOT_HOST = "not_host"

logger = logging.getLogger(__name__)


def reconnect_grace() -> float:
    """How long a dropped connection keeps its seat (a setting, so tests shorten it)."""
    return float(getattr(settings, "MEETING_ROOM_RECONNECT_SECONDS", state.RECONNECT_GRACE_SECONDS))


@dataclass(frozen=True)
class Entry:
    """What the database says about someone at the door."""

    occurrence: Occurrence | None
    removed: bool = False
    host_role: str | None = None
    reserve: int = 0


@database_sync_to_async
def look_up_entry(occurrence_id: int, seat: str, user: Any, wants_host: bool) -> Entry:
    """The occurrence, if its room is open now; whether this seat was removed; and for
    a host's entry, the role the signed-in account holds now (checked at every
    connect, not only when the token was minted)."""
    occurrence = (
        Occurrence.objects.open_at(timezone.now())
        .filter(pk=occurrence_id)
        .select_related("meeting__group")
        .first()
    )
    if occurrence is None:
        return Entry(None)
    group = occurrence.meeting.group
    return Entry(
        occurrence,
        removed=selectors.is_removed(occurrence_id=occurrence.pk, seat=seat),
        host_role=selectors.host_role(user, group) if wants_host else None,
        reserve=selectors.host_accounts(group),
    )


class RoomConsumer(JsonConsumer):
    burst, rate = BUCKET, RATE
    type_limits = {
        MessageType.CHAT: (CHAT_BUCKET, CHAT_RATE),
        MessageType.REACT: (REACT_BUCKET, REACT_RATE),
    }
    heartbeat_seconds = state.HEARTBEAT_SECONDS

    room: int
    seat: str
    joined = False

    def parse(self, text: str) -> protocol.Message:
        return protocol.parse(text)

    def accepting_messages(self) -> bool:
        return self.joined

    async def connect(self) -> None:
        self.leaving = False
        self.closing_page = False
        self.account: int | None = None
        self.closing_time: asyncio.TimerHandle | None = None
        self.tidied = 0.0
        # Accepted first, so that a refusal can say why.
        await self.accept()
        cookies = self.scope.get("cookies", {})
        ticket = JoinTicket.from_signed(cookies.get(JOIN_COOKIE))
        if ticket is None or not ticket.seated:
            await self.refuse("not_joined")
            return
        token = tokens.read(
            cookies.get(tokens.ROOM_COOKIE), occurrence_id=ticket.occurrence_id, seat=ticket.seat
        )
        if token is None:
            # Missing or stale: the page fetches a fresh token and tries again.
            await self.refuse("token")
            return
        wants_host = ticket.host
        user = self.user
        entry = await look_up_entry(ticket.occurrence_id, ticket.seat, user, wants_host)
        occurrence = entry.occurrence
        if occurrence is None:
            await self.refuse("not_open")
            return
        name = ticket.nickname
        if not wants_host and entry.removed:
            # Only guests are removed: a host's seat cannot be (state.host_action), and
            # a removal recorded before that rule must not keep a host out.
            await self.refuse(state.Refusal.REMOVED)
            return
        if wants_host:
            # A host's seat belongs to the account the token was minted for, which must
            # be the one signed in here and must host the group now.
            account = token.get("u")
            if account is None or getattr(user, "pk", None) != account or not entry.host_role:
                await self.refuse(NOT_HOST)
                return
            self.account = account
            name = token.get("n") or selectors.host_label(entry.host_role)
        self.room, self.seat = occurrence.pk, ticket.seat
        self.ends_at = occurrence.ends_at.timestamp()
        earlier: list[str] = []

        def sit_down(room_state: state.State) -> str | None:
            earlier.clear()
            for seat_id, seat in room_state["seats"].items():
                mine = seat_id == self.seat
                same_account = self.account is not None and seat.get("account") == self.account
                if (mine or same_account) and seat["connected"]:
                    earlier.append(seat["channel"])
            return state.sit_down(
                room_state,
                seat_id=self.seat,
                channel=self.channel_name,
                name=name,
                avatar=ticket.avatar,
                host=wants_host,
                account=self.account,
                reserve=entry.reserve,
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
        for channel in earlier:
            if channel != self.channel_name:
                # The same seat (or the same host account) opened in another tab: one
                # connection per seat, the newest.
                await self.tell(channel, {"type": "room.replaced"})
        await self.channel_layer.group_add(self.group, self.channel_name)
        # A signed-in person's unread count in the header stays current in the room.
        await self.follow_person()
        self.start_heartbeat()
        await self.send_json(
            protocol.Welcome(
                type="welcome",
                seat=self.seat,
                capacity=state.CAPACITY,
                ice=ice_servers(self.seat),
                state=state.public_view(room_state),
            )
        )
        await self.broadcast(room_state)

    @property
    def group(self) -> str:
        return f"room.{self.room}"

    async def refuse(self, reason: str) -> None:
        await self.send_json(protocol.Refused(type="refused", reason=reason))
        await self.close(code=CLOSE_REFUSED)

    async def finish(self) -> None:
        """However the connection ended: the seat is given up (or kept for a reconnect)."""
        closing_time = getattr(self, "closing_time", None)
        if closing_time:
            closing_time.cancel()
        await self.stand_up()

    async def stand_up(self) -> None:
        if not self.joined:
            return
        # `joined` goes only after the change is stored: if this is interrupted (the
        # task cancelled), the clean-up in `finally` stands up again.
        room_state, _ = await store.change(
            self.room,
            lambda s: state.stand_up(
                s,
                seat_id=self.seat,
                channel=self.channel_name,
                dropped=not self.leaving,
                closing=self.closing_page,
                grace=reconnect_grace(),
            ),
            until=self.ends_at,
        )
        self.joined = False
        await self.channel_layer.group_discard(self.group, self.channel_name)
        if room_state["seats"]:
            await self.broadcast(room_state)

    async def heartbeat(self) -> bool:
        """Stamp the seat; tidy away seats whose time is over. False once the seat is
        no longer this connection's."""
        if not self.joined:
            return False
        try:
            # Whether seats went is known only under the room's lock: a seat that became
            # overdue after a look from outside would go unannounced.
            tidied: list[str] = []
            room_state, stamped = await store.change(
                self.room,
                lambda s: state.channel_of(s, self.seat) == self.channel_name,
                until=self.ends_at,
                alive=(self.seat, self.channel_name),
                tidied=tidied,
            )
            if tidied:
                await self.broadcast(room_state)
        except Exception as error:
            # One line, no traceback: Redis down makes every connection say so.
            logger.warning("a room heartbeat failed (%s)", type(error).__name__)
            return True
        if not stamped:
            await self.lost_seat(room_state)
            return False
        return True

    async def lost_seat(self, room_state: state.State) -> None:
        """The seat is no longer this connection's, and no message said so (its
        heartbeats failed too long and the room tidied it away): it must not stay in
        the room's group, hearing chat and states unseen. A seat held by another
        connection was replaced; a removed one was removed; a seat that is simply gone
        closes with "try again later", and the page comes back in as a newcomer."""
        seat = room_state["seats"].get(self.seat)
        if self.seat in room_state["removed"]:
            await self.room_removed({})
        elif seat is not None and seat["connected"]:
            await self.room_replaced({})
        else:
            self.joined = False
            await self.channel_layer.group_discard(self.group, self.channel_name)
            await self.close(code=CLOSE_TRY_AGAIN_LATER)

    # --- From the browser (checked by protocol.parse, dispatched by JsonConsumer) -------

    async def change(self, function: Callable[[state.State], str | None]) -> state.State | None:
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

    async def on_signal(self, message: protocol.Signal) -> None:
        current = await self.seated()
        if current is None:
            return
        target = state.channel_of(current, message["to"])
        if target is None:
            await self.error(state.Refusal.NO_SUCH_SEAT)
            return
        # The sender is who the server knows, never what the message claims. A full
        # channel is the receiver's trouble (gone or stuck), never the sender's.
        await self.tell(target, {"type": "room.signal", "from": self.seat, "data": message["data"]})

    async def on_hand(self, message: protocol.Hand) -> None:
        await self.change(
            lambda s: state.raise_hand(s, seat_id=self.seat, raised=message["raised"])
        )

    async def on_status(self, message: protocol.Status) -> None:
        await self.change(
            lambda s: state.set_status(
                s, seat_id=self.seat, field=message["field"], value=message["value"]
            )
        )

    async def on_next_speaker(self, message: protocol.Bare) -> None:
        await self.change(lambda s: state.next_speaker(s, by=self.seat))

    async def on_round_start(self, message: protocol.RoundStart) -> None:
        await self.change(lambda s: state.start_round(s, by=self.seat, minutes=message["minutes"]))

    async def on_round_next(self, message: protocol.RoundNext) -> None:
        await self.change(
            lambda s: state.next_turn(
                s, by=self.seat, turn=message["turn"], passing=message["pass"]
            )
        )

    async def on_round_stop(self, message: protocol.Bare) -> None:
        await self.change(lambda s: state.stop_round(s, by=self.seat))

    async def on_react(self, message: protocol.React) -> None:
        if await self.seated() is None:
            return
        await self.channel_layer.group_send(
            self.group, {"type": "room.react", "from": self.seat, "kind": message["kind"]}
        )

    async def on_chat(self, message: protocol.Chat) -> None:
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

    async def on_host(self, message: protocol.Host) -> None:
        action, target = message["action"], message["seat"]
        if action == HostAction.ASK_MUTE:
            current = await store.read(self.room)
            if state.channel_of(current, self.seat) != self.channel_name or not state.is_host(
                current, self.seat
            ):
                await self.error(state.Refusal.NOT_HOST)
                return
            channel = state.channel_of(current, target) if target else None
            if channel:
                await self.tell(channel, {"type": "room.ask_mute", "by": self.seat})
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
        if action == HostAction.END:
            await self.channel_layer.group_send(self.group, {"type": "room.ended"})
        elif action == HostAction.REMOVE:
            # Kept in the database as well: the cache may not outlive a restart. The
            # room has changed already: a database error must not end the host's
            # connection on top (the removal then lasts as long as the cache).
            try:
                await database_sync_to_async(services.record_removal)(
                    occurrence_id=self.room, seat=target
                )
            except DatabaseError as error:
                logger.warning("a room removal was not recorded (%s)", type(error).__name__)
            if target_channel:
                await self.tell(target_channel, {"type": "room.removed"})
        elif action == HostAction.MUTE and target_channel:
            await self.tell(target_channel, {"type": "room.muted_by_host"})

    def close_on_time(self) -> None:
        # Kept, so that the task is not collected before it ran.
        self.closing_task = asyncio.ensure_future(self.time_is_up())

    async def time_is_up(self) -> None:
        # Everyone's connection gets here at once; ending twice is ending once.
        await store.change(self.room, state.end, until=self.ends_at)
        await self.room_ended({"reason": "time"})

    async def on_leave(self, message: protocol.Leave) -> None:
        # The page closes the socket right after this message: the seat is given up now,
        # not when (or whether) the close arrives. A closed or reloaded page has left
        # too; its reload may come back to its place for a few seconds.
        self.closing_page = message["closing"]
        self.leaving = not self.closing_page
        await self.stand_up()
        await self.close()

    async def on_ping(self, message: protocol.Bare) -> None:
        await self.send_json({"type": "pong"})
        # Pings keep the circle tidy: seats whose grace time is over go, for everyone.
        # (Browsers ping every 25 seconds; a faster pinger does not cost a read each.)
        if time.monotonic() - self.tidied < TIDY_SECONDS:
            return
        self.tidied = time.monotonic()
        if state.has_overdue_seats(await store.read(self.room)):
            await self.change(lambda s: None)

    # --- From the channel layer -----------------------------------------------------

    async def broadcast(self, room_state: state.State) -> None:
        await self.channel_layer.group_send(
            self.group, {"type": "room.state", "state": state.public_view(room_state)}
        )

    async def room_state(self, event: dict[str, Any]) -> None:
        await self.send_json(protocol.StateMessage(type="state", state=event["state"]))

    async def room_signal(self, event: dict[str, Any]) -> None:
        await self.send_json(
            protocol.RelayedSignal({"type": "signal", "from": event["from"], "data": event["data"]})
        )

    async def room_chat(self, event: dict[str, Any]) -> None:
        await self.send_json(
            protocol.ChatLine(
                {
                    "type": "chat",
                    "id": event["id"],
                    "from": event["from"],
                    "name": event["name"],
                    "text": event["text"],
                }
            )
        )

    async def room_react(self, event: dict[str, Any]) -> None:
        await self.send_json(
            protocol.Reacted({"type": "react", "from": event["from"], "kind": event["kind"]})
        )

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

    async def room_revoke(self, event: dict[str, Any]) -> None:
        """An account lost its host role or trust (meetings.revoke): its host seats
        leave. Every connection in the room hears this; the first one does the change."""
        room_state, gone = await store.change(
            self.room,
            lambda s: state.revoke_account(s, account=event["account"]),
            until=self.ends_at,
        )
        if not gone:
            return
        await self.broadcast(room_state)
        for channel in gone:
            if channel == self.channel_name:
                await self.room_revoked(event)
            else:
                await self.tell(channel, {"type": "room.revoked"})

    async def room_revoked(self, event: dict[str, Any]) -> None:
        await self.send_off({"type": "refused", "reason": NOT_HOST}, CLOSE_REFUSED)

    async def send_off(self, message: dict[str, Any], code: int) -> None:
        """The seat is gone already (removed, or the room ended): no stand-up."""
        self.joined = False
        await self.channel_layer.group_discard(self.group, self.channel_name)
        await self.send_json(message)
        await self.close(code=code)
