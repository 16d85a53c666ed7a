"""The chat's WebSocket (/ws/chat/): every open chat page of a signed-in person.

Protocol (JSON text frames, checked by `parse`):
- from the page: {"type": "send", "conversation", "client_id", "body", "confirmed"},
  {"type": "since", "conversation", "after"} after every (re)connect,
  {"type": "read", "conversation", "up_to"}, {"type": "ping"};
- to the page: "welcome", "sent" / "hint" / "not_sent" (the answer to a send, by client
  id), "messages" (the answer to since), "message" (live, to every tab of every person
  in the conversation), "removed", "left", "badges" (the header's counts), "pong",
  "refused" (then closed: not signed in, or not allowed to chat).

A message is stored before anyone hears of it; the answer to the sender comes straight
from this connection, so a sender sees their message even while the channel layer is
away (the others catch up through "since" when they reconnect)."""

import logging
from collections.abc import Mapping
from importlib import import_module
from typing import Any, ClassVar

from channels.db import database_sync_to_async
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import translation

from gemeinwerk.chat import selectors, services
from gemeinwerk.chat.live import chat_group
from gemeinwerk.chat.models import MESSAGE_MAX_LENGTH
from gemeinwerk.chat.services.conversations import CLIENT_ID_MAX
from gemeinwerk.core.consumers import Invalid, JsonConsumer, parse_json_object
from gemeinwerk.core.permissions import may

CLOSE_REFUSED = 4403

logger = logging.getLogger(__name__)


def _id(message: Mapping[str, Any], name: str) -> int:
    value = message.get(name)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise Invalid(f"bad_{name}")
    return value


def parse(text: str) -> dict[str, Any]:
    message = parse_json_object(text)
    kind = message["type"]
    if kind == "ping":
        return {"type": "ping"}
    if kind == "send":
        body, client_id = message.get("body"), message.get("client_id")
        if not isinstance(body, str) or len(body) > MESSAGE_MAX_LENGTH:
            raise Invalid("bad_body")
        if not isinstance(client_id, str) or not 0 < len(client_id) <= CLIENT_ID_MAX:
            raise Invalid("bad_client_id")
        return {
            "type": "send",
            "conversation": _id(message, "conversation"),
            "client_id": client_id,
            "body": body,
            "confirmed": message.get("confirmed") is True,
        }
    if kind in ("since", "read"):
        field = "after" if kind == "since" else "up_to"
        return {
            "type": kind,
            "conversation": _id(message, "conversation"),
            field: _id(message, field),
        }
    raise Invalid("unknown_type")


class ChatConsumer(JsonConsumer):
    max_frame_bytes = 16 * 1024
    burst, rate = 40, 4.0
    # Sending is slower than reading: a person types, a script floods.
    type_limits: ClassVar[Mapping[str, tuple[int, float]]] = {"send": (10, 1.0)}
    # Every few minutes: is the person still signed in and allowed to chat (signed out
    # elsewhere, suspended, account deleted)? A thousand open pages cost a few queries
    # a second this way; every minute would cost more than the messages themselves.
    heartbeat_seconds = 300.0
    group: str | None = None

    def parse(self, text: str) -> Mapping[str, Any]:
        return parse(text)

    async def connect(self) -> None:
        await self.accept()
        user = self.user
        if user is None or not user.is_authenticated:
            await self.refuse("not_signed_in")
            return
        if not await database_sync_to_async(may)(user, "chat.use"):
            await self.refuse("not_allowed")
            return
        self.group = chat_group(user.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.follow_person()
        self.start_heartbeat()
        await self.send_json({"type": "welcome"})

    async def refuse(self, reason: str) -> None:
        await self.send_json({"type": "refused", "reason": reason})
        await self.close(code=CLOSE_REFUSED)

    async def heartbeat(self) -> bool:
        if await database_sync_to_async(self._still_allowed)():
            return True
        await self.refuse("not_allowed")
        return False

    async def sessions_changed(self) -> None:
        # Signed out in another tab, or ended from another device: stop at once.
        if not await database_sync_to_async(self._still_allowed)():
            await self.refuse("not_signed_in")

    def _still_allowed(self) -> bool:
        """Still signed in with this browser's session (not signed out, not ended from
        another device, the account not deleted) and still allowed to chat."""
        user = self.user
        session = self.scope.get("session")
        key = getattr(session, "session_key", None)
        if not key or session is None:
            return False
        stored = import_module(settings.SESSION_ENGINE).SessionStore(session_key=key).load()
        if stored.get(SESSION_KEY) != str(user.pk):
            return False
        try:
            user.refresh_from_db(fields=["is_active", "trust_level"])
        except type(user).DoesNotExist:
            return False
        return bool(user.is_active and may(user, "chat.use"))

    async def finish(self) -> None:
        if self.group is not None:
            group, self.group = self.group, None
            try:
                await self.channel_layer.group_discard(group, self.channel_name)
            except Exception as error:
                # Redis away: the group's entry expires by itself.
                logger.warning("leaving a chat group failed (%s)", type(error).__name__)

    # --- From the page ---------------------------------------------------------------

    async def on_ping(self, message: Mapping[str, Any]) -> None:
        await self.send_json({"type": "pong"})

    async def on_send(self, message: Mapping[str, Any]) -> None:
        answer = await database_sync_to_async(self._send)(message)
        await self.send_json(answer)

    def _send(self, message: Mapping[str, Any]) -> dict[str, Any]:
        client_id = message["client_id"]
        try:
            chat, _me = selectors.conversation_for(self.user, message["conversation"])
        except Http404:
            return {"type": "not_sent", "client_id": client_id, "error": "not_found"}
        try:
            # The page shows the reason why not: in the language it asked for (?lang=).
            with translation.override(self.language or settings.LANGUAGE_CODE):
                stored = services.send_message(
                    sender=self.user,
                    conversation=chat,
                    body=message["body"],
                    client_id=client_id,
                    confirmed=message["confirmed"],
                )
        except ValidationError as error:
            return {"type": "not_sent", "client_id": client_id, "error": " ".join(error.messages)}
        if stored is None:
            return {"type": "hint", "client_id": client_id}
        return {
            "type": "sent",
            "client_id": client_id,
            "message": self._mine(selectors.message_data(stored)),
        }

    async def on_since(self, message: Mapping[str, Any]) -> None:
        answer = await database_sync_to_async(self._since)(message)
        await self.send_json(answer)

    def _since(self, message: Mapping[str, Any]) -> dict[str, Any]:
        try:
            chat, _me = selectors.conversation_for(self.user, message["conversation"])
        except Http404:
            return {"type": "error", "error": "not_found"}
        found, more = selectors.since(chat, self.user, message["after"])
        return {
            "type": "messages",
            "conversation": chat.pk,
            "messages": [self._mine(selectors.message_data(each)) for each in found],
            "more": more,
        }

    async def on_read(self, message: Mapping[str, Any]) -> None:
        error = await database_sync_to_async(self._read)(message)
        if error:
            await self.error(error)

    def _read(self, message: Mapping[str, Any]) -> str:
        try:
            chat, _me = selectors.conversation_for(self.user, message["conversation"])
        except Http404:
            return "not_found"
        services.mark_read(user=self.user, conversation=chat, up_to=message["up_to"])
        return ""

    # --- From the channel layer ------------------------------------------------------

    def _mine(self, data: dict[str, Any]) -> dict[str, Any]:
        return selectors.for_reader(data, self.user.pk)

    async def chat_message(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "message", "message": self._mine(event["message"])})

    async def chat_removed(self, event: dict[str, Any]) -> None:
        await self.send_json(
            {"type": "removed", "conversation": event["conversation"], "id": event["id"]}
        )

    async def chat_left(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "left", "conversation": event["conversation"]})
