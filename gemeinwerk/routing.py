"""WebSocket routes of every app, gathered for the ASGI router."""

from django.urls import path

from gemeinwerk.chat.routing import websocket_urlpatterns as chat_routes
from gemeinwerk.core.consumers import PingConsumer
from gemeinwerk.meetings.routing import websocket_urlpatterns as meeting_routes

websocket_urlpatterns = [
    path("ws/ping/", PingConsumer.as_asgi()),
    *meeting_routes,
    *chat_routes,
]
