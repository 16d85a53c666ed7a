"""The staff console, under /staff/ (namespace "staff"): the URL modules the apps
registered (gemeinwerk/console/registry.py)."""

from gemeinwerk.console import registry

app_name = "staff"

urlpatterns = registry.url_patterns()
