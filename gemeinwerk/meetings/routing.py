from django.urls import path

from gemeinwerk.meetings.consumers import RoomConsumer
from gemeinwerk.meetings.tokens import WS_PATH

# The room token's cookie is limited to this path (meetings/tokens.py).
websocket_urlpatterns = [
    path(WS_PATH.lstrip("/"), RoomConsumer.as_asgi()),
]
