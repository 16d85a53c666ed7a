"""Kept directory pages and group pages go out of date when a group, a meeting or a date
changes (core/pagecache.py).

Model signals, not calls in the services: every way a group changes must count, the
admin's forms and other apps' services included, and what is bumped is only a cache
generation, never a step of a workflow.
"""

from typing import Any

from django.apps import apps
from django.db.models import Model
from django.db.models.signals import post_delete, post_migrate, post_save

from gemeinwerk.core import pagecache
from gemeinwerk.groups.models import Group, Meeting, Occurrence

# The directory and the group pages read "groups"; only the group pages read "meetings".
SCOPES: dict[type[Model], str] = {Group: "groups", Meeting: "meetings", Occurrence: "meetings"}


def _changed(sender: type[Model], **kwargs: Any) -> None:
    pagecache.bump(SCOPES[sender])


def _migrated(**kwargs: Any) -> None:
    # After a deploy's `migrate` the templates may be new; a flush (between browser
    # tests) deletes without signals.
    pagecache.bump(*sorted(set(SCOPES.values())))


def connect() -> None:
    for model in SCOPES:
        for signal in (post_save, post_delete):
            signal.connect(_changed, sender=model, dispatch_uid=f"pagecache-{model.__name__}")
    post_migrate.connect(
        _migrated, sender=apps.get_app_config("groups"), dispatch_uid="pagecache-groups"
    )
