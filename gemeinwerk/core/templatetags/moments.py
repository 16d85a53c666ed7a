"""Moments stored as text (a notification's params) back as local times, for the
`date` and `time` filters in the reader's language. Shared by every app's notification
texts: {% load moments %}."""

from datetime import datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def from_iso(value: str) -> datetime | str:
    try:
        return timezone.localtime(datetime.fromisoformat(value))
    except (TypeError, ValueError):
        return ""
