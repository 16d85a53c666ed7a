"""Avatars people choose before they enter: a drawn picture or their initial in a colour.
No photo; the camera stays off unless someone switches it on in the room."""

from django.utils.translation import gettext_lazy as _

PICTURES = [
    ("sun", _("Sun")),
    ("moon", _("Moon")),
    ("tree", _("Tree")),
    ("flower", _("Flower")),
    ("bird", _("Bird")),
    ("fish", _("Fish")),
    ("cat", _("Cat")),
    ("leaf", _("Leaf")),
]
COLOURS = [
    ("blue", _("Initial on blue")),
    ("green", _("Initial on green")),
    ("orange", _("Initial on orange")),
    ("purple", _("Initial on purple")),
]
CHOICES = [(f"initial-{code}", label) for code, label in COLOURS] + PICTURES
DEFAULT = "initial-blue"


def is_valid(avatar: str) -> bool:
    return any(avatar == code for code, _label in CHOICES)
