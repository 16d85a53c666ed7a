from django.urls import path

from gemeinwerk.meetings.consumers import RoomConsumer

websocket_urlpatterns = [
    path("ws/room/", RoomConsumer.as_asgi()),
]
