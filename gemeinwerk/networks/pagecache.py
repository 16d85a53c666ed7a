"""Kept parts of the networks' public pages (core/pagecache.py) go out of date when a
network, its contact points, an activity or an initiative changes; the pages also name
contact points and their opening hours, so they depend on places' scope too.

Model signals, not calls in services: networks are also edited in the admin, and what
is bumped is only a cache generation, never a step of a workflow.
"""

from typing import Any

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from gemeinwerk.core import pagecache
from gemeinwerk.networks.models import Activity, Initiative, Network

MODELS = (Network, Activity, Initiative)
SCOPES = ("networks", "places")


def _changed(sender: object, **kwargs: Any) -> None:
    pagecache.bump("networks")


def connect() -> None:
    for model in MODELS:
        for signal in (post_save, post_delete):
            signal.connect(_changed, sender=model, dispatch_uid=f"pagecache-{model.__name__}")
    m2m_changed.connect(
        _changed, sender=Network.contact_points.through, dispatch_uid="pagecache-network-points"
    )
    post_migrate.connect(
        _changed, sender=apps.get_app_config("networks"), dispatch_uid="pagecache-networks"
    )
