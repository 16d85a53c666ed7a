"""The installable web app's files at the site's root, outside the language prefix
(gemeinwerk/core/pwa.py says why): where browsers and phones look for them."""

from django.urls import path

from gemeinwerk.core import pwa

app_name = "pwa"

urlpatterns = [
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("apple-touch-icon.png", pwa.apple_touch_icon, name="apple_touch_icon"),
]
