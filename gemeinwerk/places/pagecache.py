"""Kept lists of contact points (and directory pages, which name districts) go out of
date when a district, a contact point, its opening hours or its closures change
(core/pagecache.py).

Model signals, not calls in services: contact points are edited in the admin, and what
is bumped is only a cache generation, never a step of a workflow.
"""

from typing import Any

from django.apps import apps
from django.db.models.signals import post_delete, post_migrate, post_save

from gemeinwerk.core import pagecache
from gemeinwerk.places.models import Closure, ContactPoint, District, OpeningHours

MODELS = (District, ContactPoint, OpeningHours, Closure)


def _changed(sender: object, **kwargs: Any) -> None:
    pagecache.bump("places")


def connect() -> None:
    for model in MODELS:
        for signal in (post_save, post_delete):
            signal.connect(_changed, sender=model, dispatch_uid=f"pagecache-{model.__name__}")
    # After a deploy's `migrate` the templates may be new; a flush (between browser
    # tests) deletes without signals.
    post_migrate.connect(
        _changed, sender=apps.get_app_config("places"), dispatch_uid="pagecache-places"
    )
