"""ASGI entry point: HTTP through Django, WebSockets through the Channels router.

uvicorn serves both: `uvicorn gemeinwerk.asgi:application`.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gemeinwerk.settings")
# Django must be set up before anything imports models (consumers do).
django_application = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from gemeinwerk.core.outage import CloseOnFailure  # noqa: E402
from gemeinwerk.core.uploads import limit_request_body  # noqa: E402
from gemeinwerk.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        # Bodies above REQUEST_BODY_MAX_BYTES are refused before they are read.
        "http": limit_request_body(django_application),
        # Outermost: a consumer that fails (Redis or the database down) closes its
        # socket with a code the page reconnects on, not a dropped connection.
        "websocket": CloseOnFailure(
            AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns)))
        ),
    }
)
