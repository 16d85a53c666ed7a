"""How we start Debian's Chromium for browser tests and the room benchmark: no sandbox
(we are root in a container), nothing fetched from the internet, and a fake camera and
microphone that are allowed without asking."""

import os

CHROMIUM = os.environ.get("GEMEINWERK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
    "--allow-loopback-in-peer-connection",
    "--autoplay-policy=no-user-gesture-required",
]
